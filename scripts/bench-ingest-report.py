"""The report of one run of scripts/bench-ingest.sh (which see): rates, peak memory, the
stage table, the store's growth and the query plans of the per-article lookups.

    bench-ingest-report.py N UNIQUE OUT.ndjson TIME.txt DB

OUT.ndjson is `claimwire ingest --json --stage-times`: one record a source (with its
sequential stages' CPU in `cpu_ms`), then `{"stage_times": ...}`; TIME.txt is
`/usr/bin/time -v` of that process; DB the database it filled.
"""

import collections
import json
import sqlite3
import statistics
import sys

# Every lookup and update the ingest makes per source or per article, as in src/store/ (the
# inserts are left out: they look nothing up but their own key). Kept in step by hand.
LOOKUPS = [
    ("stored_source", "SELECT s.article_id, p.etag, p.last_modified FROM sources s JOIN pages p "
     "ON p.article_id = s.article_id WHERE s.source = ? AND s.article_id IS NOT NULL"),
    ("already_stored / find_by_text", "SELECT id FROM articles WHERE content_hash = ?"),
    ("set_source (upsert)", "INSERT INTO sources (source, status, detail, article_id, attempts, "
     "updated_at) VALUES (?, ?, ?, ?, 1, ?) ON CONFLICT(source) DO UPDATE SET status = "
     "excluded.status"),
    ("features_of: article", "SELECT canonical_url, publisher, based_on, published, title, text "
     "FROM articles WHERE id = ?"),
    ("features_of: claims", "SELECT kind, value, asset FROM claims WHERE article_id = ?"),
    ("features_of: cited sources",
     "SELECT name FROM cited_sources WHERE article_id = ? AND named = 1"),
    ("candidates: band bucket", "SELECT article_id FROM dedup_bands WHERE bucket = ? LIMIT 501"),
    ("candidates: key", "SELECT article_id FROM dedup_keys WHERE key = ?"),
    ("candidates: key df", "SELECT df FROM dedup_key_df WHERE key = ?"),
    ("load sketch", "SELECT text_hash, text_len, meta, shingles, minhash, lede_minhash, terms, "
     "figures, entities, emb_lede, emb_text, names, emb_whole FROM dedup_features "
     "WHERE article_id = ?"),
    ("key df upsert", "INSERT INTO dedup_key_df (key, df) VALUES (?, 1) ON CONFLICT(key) DO "
     "UPDATE SET df = df + 1"),
    ("story_of", "SELECT story_id FROM story_members WHERE article_id = ?"),
    ("story members", "SELECT article_id FROM story_members WHERE story_id = ?"),
    ("merge stories", "UPDATE story_members SET story_id = ? WHERE story_id = ?"),
    ("set original", "UPDATE stories SET original_article_id = ? WHERE id = ?"),
    ("drop merged story", "DELETE FROM stories WHERE id = ?"),
    ("event_of", "SELECT event_id FROM event_members WHERE story_id = ?"),
    ("merge events", "UPDATE event_members SET event_id = ? WHERE event_id = ?"),
    ("event link", "UPDATE event_members SET matched_story_id = ?, score = ? WHERE story_id = ? "
     "AND matched_story_id IS NULL"),
    ("drop merged event", "DELETE FROM events WHERE id = ?"),
    ("delete event membership", "DELETE FROM event_members WHERE story_id = ?"),
]
# Once per process (Store::open), not per article: scans by design.
AT_OPEN = [
    ("backfill sketches",
     "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM dedup_features)"),
    ("backfill events",
     "SELECT id FROM stories WHERE id NOT IN (SELECT story_id FROM event_members)"),
]


def time_v(path):
    fields = {}
    for line in open(path):
        key, sep, value = line.strip().rpartition(": ")
        if sep:
            fields[key] = value

    def num(label):
        return next((v for k, v in fields.items() if k.startswith(label)), "0")

    wall = 0.0
    for part in num("Elapsed (wall clock) time").split(":"):
        wall = wall * 60 + float(part)
    return {
        "wall": wall,
        "user": float(num("User time")),
        "sys": float(num("System time")),
        "rss_mb": int(num("Maximum resident set size")) / 1024,
    }


def window_stats(records, stages, w):
    def mean_median(rs):
        vals = [sum(r["cpu_ms"].get(s, 0.0) for s in stages) for r in rs]
        return (statistics.mean(vals), statistics.median(vals)) if vals else (0.0, 0.0)

    return mean_median(records[:w]), mean_median(records[-w:])


def slope(xs, ys):
    """Least-squares slope of ys on xs (per unit of x)."""
    if len(xs) < 2:
        return 0.0
    mx, my = statistics.mean(xs), statistics.mean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else 0.0


def main():
    n, unique, out, timef, db = int(sys.argv[1]), int(sys.argv[2]), *sys.argv[3:6]
    records, st = [], None
    for line in open(out):
        line = line.strip()
        if not line:
            continue
        rec = json.loads(line)
        if "stage_times" in rec:
            st = rec["stage_times"]
        else:
            records.append(rec)
    if st is None:
        sys.exit("no stage_times record in the ingest output")
    t = time_v(timef)
    statuses = collections.Counter(r["status"] for r in records)
    stored = statuses.get("stored", 0)
    repeats = max(0, n - unique)
    print(f"\n== N={n}: {n} sources over loopback, {min(n, unique)} unique pages"
          + (f"; sources {unique}..{n - 1} ({repeats}) serve the same pages again under new "
             "URLs (the copy path)" if repeats else ""))
    print("statuses: " + ", ".join(f"{k} {v}" for k, v in statuses.most_common()))
    batch = st["wall_ms"] / 1e3
    print(f"wall: process {t['wall']:.1f} s (model loading included), batch {batch:.1f} s; "
          f"peak RSS {t['rss_mb']:.0f} MB; process CPU {t['user'] + t['sys']:.1f} s "
          f"(user {t['user']:.1f}, sys {t['sys']:.1f}), batch CPU {st['process_cpu_ms'] / 1e3:.1f} s")
    print(f"rate: {stored / t['wall']:.1f} stored articles/s, {n / t['wall']:.1f} pages/s "
          f"(process wall); {stored / batch:.1f} and {n / batch:.1f} by batch wall")

    print("\n| stage | calls | CPU s | CPU ms / page | share of batch CPU | wall s |")
    print("|---|---|---|---|---|---|")
    total = st["process_cpu_ms"] or 1.0
    rows = [(s["stage"], s["calls"], s["cpu_ms"], s["wall_ms"]) for s in st["stages"]]
    rows.append(("unattributed", "-", st["unattributed_ms"], None))
    rows.append(("batch (process CPU)", "-", st["process_cpu_ms"], st["wall_ms"]))
    for name, calls, cpu, wall in rows:
        w = f"{wall / 1e3:.2f}" if wall is not None else "-"
        print(f"| {name} | {calls} | {cpu / 1e3:.2f} | {cpu / n:.2f} | "
              f"{100 * cpu / total:.1f}% | {w} |")

    # Store growth: each source's own store and dedup CPU, in ingest order, against how many
    # articles the store held when it came.
    held, rows_before, stored_recs, copy_recs = 0, [], [], []
    for r in records:
        if "cpu_ms" not in r:
            continue
        if r["status"] == "stored":
            stored_recs.append(r)
            rows_before.append(held)
        elif r["status"] == "already_stored":
            copy_recs.append(r)
        if r["status"] in ("stored", "stored_non_article"):
            held += 1
    print("\nstore growth (CPU ms per source; mean / median):")
    print("| sources | window | store rows before | store | dedup | store + dedup | embed |")
    print("|---|---|---|---|---|---|---|")
    for label, recs, before in (("stored", stored_recs, rows_before), ("copies", copy_recs, None)):
        w = min(200, len(recs) // 2)
        if w == 0:
            continue
        for i, name in enumerate(("first", "last")):
            cells = []
            for stages in (["store"], ["dedup"], ["store", "dedup"], ["embed"]):
                m = window_stats(recs, stages, w)[i]
                cells.append(f"{m[0]:.2f} / {m[1]:.2f}")
            span = ""
            if before is not None:
                part = before[:w] if i == 0 else before[-w:]
                span = f"{part[0]}-{part[-1]}"
            print(f"| {label} | {name} {w} | {span or '-'} | " + " | ".join(cells) + " |")
    if len(stored_recs) > 2:
        ys = [r["cpu_ms"].get("store", 0) + r["cpu_ms"].get("dedup", 0) for r in stored_recs]
        b = slope(rows_before, ys)
        print(f"least-squares growth of store + dedup over stored articles: "
              f"{1000 * b:+.3f} ms per 1,000 rows in the store "
              f"(mean {statistics.mean(ys):.2f} ms an article)")

    conn = sqlite3.connect(db)
    print("\nquery plans (EXPLAIN QUERY PLAN on the filled database):")
    scans = 0
    for group, stmts in (("per article", LOOKUPS), ("once per open", AT_OPEN)):
        for name, sql in stmts:
            plan = conn.execute("EXPLAIN QUERY PLAN " + sql, [None] * sql.count("?")).fetchall()
            details = "; ".join(p[-1] for p in plan) or "(no lookup)"
            scan = any(p[-1].startswith("SCAN") for p in plan)
            scans += scan and group == "per article"
            print(f"  {'SCAN ' if scan else 'ok   '}{group}: {name}: {details}")
    print(f"per-article lookups that scan a table: {scans}")
    counts = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
              for t in ("articles", "dedup_bands", "dedup_keys", "stories", "events")}
    print("store rows: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


main()
