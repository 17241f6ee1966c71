"""Side-by-side extraction scores on a WCXB-layout folder (html/<id>.html[.gz] beside
truth/<id>.json): claimwire, trafilatura and htmldate, scored by the same scorer.

    python bench-wcxb.py CLAIMWIRE_BIN DIR OUT_DIR

trafilatura (`bare_extraction(bytes, url=url, with_metadata=True)`: main text, title, author,
date) and htmldate (`find_date(bytes, original_date=True, url=url)`: date only) run here on
each page's raw bytes; their outputs are written as prediction files (id -> {text, title,
authors, published}) that `claimwire eval extraction --predictions FILE` scores with exactly
the metrics of claimwire's own reading (word F1, title, author, published day). Prints one
table: each system on each split (tune, held-out quarter), on all pages and on the article
pages. BENCH_REUSE=1 scores the prediction files of an earlier run instead of running the
peers again."""

import gzip
import json
import os
import subprocess
import sys
import time

import htmldate
import trafilatura


def page_bytes(html_dir, pid):
    for name, opener in ((pid + ".html.gz", gzip.open), (pid + ".html", open)):
        path = os.path.join(html_dir, name)
        if os.path.exists(path):
            with opener(path, "rb") as f:
                return f.read()
    return None


def authors(field):
    if not field:
        return []
    return [a.strip() for a in field.split(";") if a.strip()]


def predict(html_dir, truth_dir):
    traf, hd = {}, {}
    secs = {"trafilatura": 0.0, "htmldate": 0.0}
    ids = sorted(f[:-5] for f in os.listdir(truth_dir) if f.endswith(".json"))
    for pid in ids:
        with open(os.path.join(truth_dir, pid + ".json"), encoding="utf-8") as f:
            url = json.load(f).get("url")
        raw = page_bytes(html_dir, pid)
        if raw is None:
            continue
        start = time.process_time()
        try:
            doc = trafilatura.bare_extraction(raw, url=url, with_metadata=True)
        except Exception as e:  # a peer's failure on one page scores as an empty prediction
            print(f"trafilatura failed on {pid}: {e}", file=sys.stderr)
            doc = None
        secs["trafilatura"] += time.process_time() - start
        d = doc.as_dict() if hasattr(doc, "as_dict") else (doc or {})
        traf[pid] = {
            "text": d.get("text") or "",
            "title": d.get("title"),
            "authors": authors(d.get("author")),
            "published": d.get("date"),
        }
        start = time.process_time()
        try:
            date = htmldate.find_date(raw, original_date=True, url=url)
        except Exception as e:
            print(f"htmldate failed on {pid}: {e}", file=sys.stderr)
            date = None
        secs["htmldate"] += time.process_time() - start
        hd[pid] = {"published": date}
    return traf, hd, secs, len(ids)


def score(binary, html_dir, truth_dir, split, predictions=None):
    cmd = [binary, "eval", "extraction", "--html", html_dir, "--truth", truth_dir,
           "--split", split, "--json"]
    if predictions:
        cmd += ["--predictions", predictions]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    report = json.loads(out)
    articles = [g for g in report["groups"] if g["group"] == "article"]
    return report["overall"], (articles[0] if articles else None)


def share(pair):
    ok, total = pair
    return f"{ok / total:.3f} ({ok}/{total})" if total else "-"


def main():
    binary, root, out_dir = sys.argv[1:4]
    html_dir, truth_dir = os.path.join(root, "html"), os.path.join(root, "truth")
    files = {name: os.path.join(out_dir, f"wcxb-{name}.json") for name in ("trafilatura", "htmldate")}
    n = len([f for f in os.listdir(truth_dir) if f.endswith(".json")])
    if os.environ.get("BENCH_REUSE") == "1" and all(os.path.exists(f) for f in files.values()):
        print("# reusing the peers' predictions in " + out_dir, file=sys.stderr)
    else:
        traf, hd, secs, n = predict(html_dir, truth_dir)
        for name, preds in (("trafilatura", traf), ("htmldate", hd)):
            with open(files[name], "w", encoding="utf-8") as f:
                json.dump(preds, f)
            print(f"# {name}: {len(preds)} pages, {secs[name]:.1f} s CPU", file=sys.stderr)
    header = (f"{'split':<8} {'pages':<9} {'system':<12} {'n':>4} {'word F1':>8}  "
              f"{'title':<18} {'author':<18} {'published':<18}")
    print(header)
    print("-" * len(header))
    rows = {}
    for split in ("tune", "heldout"):
        for name in ("claimwire", "trafilatura", "htmldate"):
            rows[(split, name)] = score(binary, html_dir, truth_dir, split, files.get(name))
    for split in ("tune", "heldout"):
        for which, label in ((0, "all"), (1, "articles")):
            for name in ("claimwire", "trafilatura", "htmldate"):
                g = rows[(split, name)][which]
                if g is None:
                    continue
                text_fields = name != "htmldate"
                f1 = f"{g['word_f1']:.3f}" if text_fields else "-"
                title = share(g["title"]) if text_fields else "-"
                author = share(g["author"]) if text_fields else "-"
                print(f"{split:<8} {label:<9} {name:<12} {g['pages']:>4} {f1:>8}  "
                      f"{title:<18} {author:<18} {share(g['date']):<18}")
    print(f"({n} pages; htmldate gives dates only; title, author and published: "
          "correct of pages whose truth has a value)")


if __name__ == "__main__":
    main()
