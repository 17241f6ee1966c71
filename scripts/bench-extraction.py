"""Driver for scripts/bench-extraction.sh (run by the bench virtualenv's python; see there).

Times trafilatura in this process, claimwire through `bench_extract --serve` and
rs-trafilatura through `bench-rs-trafilatura --serve` (bench-peers/rs-trafilatura), round by
round and interleaved, on the same page bytes; prints one line per round and a summary.

  bench-extraction.py BIN RSTRAF DIR ROUNDS PREDS
                                                timing; PREDS: where rs-trafilatura's
                                                warm-up outputs are written
  bench-extraction.py --instr CONFIG DIR K      K rounds of one trafilatura configuration
                                                (after a one-page warm-up), for counting
                                                instructions: K=2 minus K=1 is one round
"""

import collections
import gzip
import json
import os
import re
import statistics
import subprocess
import sys
import time

from trafilatura import extract

# What each trafilatura contender calls, per page, from the page's raw bytes (trafilatura
# decodes them itself: UTF-8, else charset detection) and its URL.
#  - text: the configuration trafilatura's own run of this benchmark uses
#    (`extract(html, include_comments=False)`, F1 0.958 published): main text only.
#  - meta: the same plus `with_metadata=True` (title, author, date, site name, ... as
#    claimwire's reader also returns): the like-for-like comparison.
TRAF = {
    "text": dict(include_comments=False),
    "meta": dict(include_comments=False, with_metadata=True),
}


def load(d):
    truth = {}
    tpath = os.path.join(os.path.dirname(os.path.abspath(d)), "ground-truth.json")
    if os.path.exists(tpath):
        with open(tpath, encoding="utf-8") as f:
            truth = json.load(f)
    pages = []
    for name in sorted(os.listdir(d)):
        path = os.path.join(d, name)
        if name.endswith(".html.gz"):
            with gzip.open(path) as f:
                raw = f.read()
        elif name.endswith(".html"):
            with open(path, "rb") as f:
                raw = f.read()
        else:
            continue
        pid = name.split(".")[0]
        pages.append((pid, raw, truth.get(pid, {}).get("url")))
    return pages, truth


def traf_round(pages, cfg, keep=None):
    kw = TRAF[cfg]
    t, c = time.perf_counter(), time.process_time()
    for pid, raw, url in pages:
        out = extract(raw, url=url, **kw)
        if keep is not None:
            keep[pid] = out or ""
    return time.process_time() - c, time.perf_counter() - t


# The extraction benchmark's score (as src/eval/extraction.rs): token 4-gram shingles.
TOKEN = re.compile(r"\w+")


def shingles(text):
    toks = TOKEN.findall(text or "")
    if len(toks) < 4:
        return collections.Counter([tuple(toks)] if toks else [])
    return collections.Counter(tuple(toks[k : k + 4]) for k in range(len(toks) - 3))


def score(truth, preds):
    ps, rs = [], []
    for pid, pred in preds.items():
        if pid not in truth:
            continue
        t, p = shingles(truth[pid].get("articleBody", "")), shingles(pred)
        tp = sum((t & p).values())
        fn = sum((t - p).values())
        fp = sum((p - t).values())
        if tp + fp > 0:
            ps.append(1.0 if fp == 0 and fn == 0 else tp / (tp + fp))
        if tp + fn > 0:
            rs.append(1.0 if fp == 0 and fn == 0 else tp / (tp + fn))
    if not ps or not rs:
        return None
    p, r = sum(ps) / len(ps), sum(rs) / len(rs)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def strip_header(text):
    # with_metadata text output starts with a YAML header between "---" lines
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end >= 0:
            return text[end + 5 :]
    return text


class Served:
    """A Rust bench binary in `--serve` mode: one command a line, one answer a line."""

    def __init__(self, binary, d, n):
        self.p = subprocess.Popen(
            [binary, d, "--serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        ready = self.p.stdout.readline().split()
        assert ready[:1] == ["ready"] and int(ready[1]) == n, (binary, ready, n)

    def ask(self, cmd):
        self.p.stdin.write(cmd + "\n")
        self.p.stdin.flush()
        return self.p.stdout.readline().split()

    def round(self, mode):
        answer = self.ask(mode)
        assert len(answer) == 3 and answer[0] != "error", (mode, answer)
        return float(answer[0]), float(answer[1])

    def quit(self):
        self.p.stdin.write("quit\n")
        self.p.stdin.flush()
        self.p.wait()


def timing(binary, rstraf, d, rounds, preds):
    pages, truth = load(d)
    n = len(pages)
    rust = Served(binary, d, n)
    peer = Served(rstraf, d, n)

    # warm-up round of everything (imports, lazy initialisation, caches); the trafilatura and
    # rs-trafilatura outputs are scored against the ground truth to show that they extract
    # real bodies
    for mode in ("parse", "read"):
        rust.round(mode)
    peer.round("extract")
    answer = peer.ask(f"predictions {preds}")
    assert answer[:1] == ["ok"], answer
    with open(preds, encoding="utf-8") as f:
        outs = {k: v.get("text") or "" for k, v in json.load(f).items()}
    s = score(truth, outs)
    if s:
        print(f"# rs-trafilatura: P {s[0]:.3f} R {s[1]:.3f} F1 {s[2]:.3f} "
              f"on {n} pages ({answer[2]} empty)", flush=True)
    for cfg in TRAF:
        outs = {}
        traf_round(pages, cfg, outs)
        if cfg == "meta":
            outs = {k: strip_header(v) for k, v in outs.items()}
        s = score(truth, outs)
        empty = sum(1 for v in outs.values() if not v)
        if s:
            print(f"# trafilatura {cfg}: P {s[0]:.3f} R {s[1]:.3f} F1 {s[2]:.3f} "
                  f"on {n} pages ({empty} empty)", flush=True)

    names = ["parse", "read", "rs_traf"] + [f"traf_{c}" for c in TRAF]
    cpu = {k: [] for k in names}
    wall = {k: [] for k in names}
    print(f"# round  " + "  ".join(f"{k:>10}" for k in names) + "   (pages/s by CPU time)",
          flush=True)
    for r in range(rounds):
        # alternate the order so that neither side always runs first after the other
        order = names if r % 2 == 0 else names[::-1]
        for k in order:
            if k.startswith("traf_"):
                c, w = traf_round(pages, k[5:])
            elif k == "rs_traf":
                c, w = peer.round("extract")
            else:
                c, w = rust.round(k)
            cpu[k].append(c)
            wall[k].append(w)
        print(f"# {r + 1:5d}  " + "  ".join(f"{n / cpu[k][-1]:10.1f}" for k in names),
              flush=True)
    rust.quit()
    peer.quit()

    med = statistics.median

    def per_round(a, b, src):
        # median over rounds of a round's time ratio: drifts in load hit both sides alike
        return med([x / y for x, y in zip(src[a], src[b])])

    print(f"pages {n} rounds {rounds}")
    for k in names:
        print(f"{k} cpu_median {n / med(cpu[k]):.1f} cpu_best {n / min(cpu[k]):.1f} "
              f"wall_median {n / med(wall[k]):.1f}")
    print(f"read_over_parse_time cpu {per_round('read', 'parse', cpu):.3f} "
          f"wall {per_round('read', 'parse', wall):.3f}")
    for c in ["rs_traf"] + [f"traf_{c}" for c in TRAF]:
        print(f"read_speedup_over_{c} cpu {per_round(c, 'read', cpu):.2f} "
              f"wall {per_round(c, 'read', wall):.2f}")


def instr(cfg, d, k):
    pages, _ = load(d)
    extract(pages[0][1], url=pages[0][2], **TRAF[cfg])  # imports, lazy initialisation
    for _ in range(k):
        traf_round(pages, cfg)


if __name__ == "__main__":
    if sys.argv[1] == "--instr":
        instr(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        timing(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])
