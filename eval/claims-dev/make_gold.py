#!/usr/bin/env python3
"""Writes gold.json, the claims development set, from the hand labels below.

The labels were written by reading each document in ../shared (no page text is stored here:
documents are named by locator, claims by kind and value, sometimes a short surface).
Held-out documents are chosen by a hash of the id, fixed before any tuning:
sha256(id) first byte % 3 == 0.
"""
import hashlib, json, os

def P(v, asset=None, **k): return dict(kind="price", value=v, asset=asset, **k)
def A(v, **k): return dict(kind="amount", value=v, **k)
def C(v, asset=None, **k): return dict(kind="percent", value=v, asset=asset, **k)
def X(v, asset, **k): return dict(kind="crypto_amount", value=v, asset=asset, cls="crypto_amount", **k)
def I(v, asset, **k): return dict(kind="index_level", value=v, asset=asset, cls="index", **k)
def R(kind, lo, hi, **k): return dict(kind=kind, value=lo, value_high=hi, cls="range", **k)

B, M = 1e9, 1e6
DOCS = {
 "crypto:nexis_coindesk.html.gz": dict(claims=[
    C(10, "BTC"), P(80000, "BTC"), P(74400, "BTC"), C(5, "Nasdaq Composite"),
    P(79000, "BTC"), C(4.3, "BTC"), C(11, "ETH"), C(9.3, "XRP")]),
 "crypto:nexis_decrypt.html.gz": dict(claims=[C(50), P(75000, "BTC"), C(7)]),
 "crypto:de.cointelegraph.com-CME.html.gz": dict(claims=[
    C(25), A(3.58*B, cls="kind"), A(2.6*B, cls="kind"), A(1.78*B, cls="kind"), A(3.9*B, cls="kind"),
    X(100000, "BTC"), P(35000, "BTC")], must_not=[10, 2022, 6, 23, 20]),
 "scrapinghub:51374560f400": dict(claims=[
    A(2.8*B), A(2.53, cls="kind"), C(3.5), A(27.2*B), A(2.52, cls="kind"), A(27.53*B), C(3.6), C(4.8),
    C(1.8), C(2.3), C(4), C(39), C(24.5, "S&P 500")],
    may=[225.86, 12.99, 5.44, 113.40, 1.62, 1.41]),
 "scrapinghub:1ace8c85aaee": dict(claims=[A(5.9*M), A(8*B), A(200*M)]),
 "scrapinghub:776a1c046798": dict(claims=[A(449000)]),
 "scrapinghub:d605bdef2cde": dict(claims=[C(0.3), C(0.5), C(0.2), C(0.4), C(1)], must_not=[225, 90]),
 "scrapinghub:360c732d1fdb": dict(claims=[
    A(12.9*B), C(2.8), P(176), A(88*B), C(15), P(185.25), C(0.35), C(10)],
    may=[10*B, 17.43]),
 "scrapinghub:156770d676ce": dict(claims=[A(449000), C(3.8), C(3), C(0.4)]),
 "scrapinghub:785affa2c34e": dict(claims=[A(320000), A(27*M)], must_not=[4]),
 "scrapinghub:ffc109d474fd": dict(claims=[C(2), A(600*M), C(80), C(60), P(13.60), C(51)]),
 "scrapinghub:f8ff621a0b9b": dict(claims=[
    A(2.53, cls="kind"), A(2.52, cls="kind"), C(5), C(3.5), C(4), R("percent", 0.6, 0.7), C(1.8), C(40)],
    must_not=[9, 3]),
 "scrapinghub:076f4f33bf75": dict(claims=[A(300, cls="kind"), R("percent", 80, 90), A(299, cls="kind")],
    may=[218], must_not=[15]),
 "scrapinghub:8380689f358c": dict(claims=[A(17*M), A(6*M), A(12*M), A(3*M)]),
 "scrapinghub:374ac9a59a85": dict(claims=[A(8.8*B), C(30), A(16*B)],
    must_not=[787, 777, 737, 350, 900, 380, 126, 242]),
 "scrapinghub:961bd85ca85a": dict(claims=[A(70000), A(326000), A(268500), A(72500), A(516000)],
    must_not=[1119, 2134, 1909, 3170, 600, 17]),
 "scrapinghub:bc13ff87b263": dict(claims=[A(47*B), A(8*B), A(9.5*B), A(3*B)]),
 "scrapinghub:9ebb3af65694": dict(claims=[
    C(10), C(5), C(2.6), C(12.3), C(4), C(6), C(5.7), C(6.2),
    A(39014, cls="kind"), A(38373, cls="kind"), A(34410, cls="kind"), A(41640, cls="kind"), A(31627, cls="kind"),
    C(14.6), C(13.2), C(21.8), C(15.2), C(0.3),
    dict(kind="basis_points", value=25, asset="Fed")]),
 "scrapinghub:359fee228518": dict(claims=[C(65), C(17), C(14)]),
 "scrapinghub:3cb5e2f46626": dict(claims=[C(20), C(16)], must_not=[2020, 8]),
 "scrapinghub:39d5c43beb60": dict(claims=[
    A(156*B), C(15), A(125*B), C(25), A(250*B), R("amount", 40*B, 50*B)]),
 "scrapinghub:b0cf2bbf0192": dict(claims=[
    C(90), A(0.23, cls="kind"), A(0.10, cls="kind"), A(0.03, cls="kind"), A(0.06, cls="kind"),
    C(20), C(24), C(23), C(35)]),
 "scrapinghub:06e5123e4ef7": dict(claims=[A(6*M), A(6.5*B), A(3*B), A(1*B), C(16.057)]),
 "scrapinghub:57d46c9d751e": dict(claims=[
    C(3.38, "oil"), P(55.12, "oil"), P(60.73, "oil"), C(2.74, "oil"),
    C(0.36, "DJIA"), I(27934.02, "DJIA"), C(0.06, "S&P 500"), I(3120.18, "S&P 500"),
    C(0.24, "Nasdaq Composite"), I(8570.66, "Nasdaq Composite"),
    C(0.12), C(0.02), C(0.48), C(0.68), C(0.66), C(1.786), C(1.808), C(2.252), C(2.293),
    C(0.05), P(1.1075), C(0.13), P(108.55), P(1.2925), C(0.21),
    C(0.1, "gold"), P(1472.19, "gold"), C(0.86), P(5880), C(0.06), P(1737)],
    may=[102.2, 1.85, 20.72], must_not=[600, 10, 30, 2019]),
 "scrapinghub:9e8c9f082a8d": dict(claims=[A(53*M), A(44.2*M), A(44*M)], must_not=[52]),
 "scrapinghub:42aad16bde92": dict(claims=[A(22.6*B), A(2.6*B)], must_not=[14]),
 "scrapinghub:098bb3e96c0a": dict(claims=[A(6.99, cls="kind"), A(3*B)]),
 "scrapinghub:7de5241947a5": dict(claims=[A(2*B), C(2.5), A(5.9*M), C(9)]),
 "scrapinghub:05844573ca7e": dict(claims=[C(20), A(44000, cls="kind"), A(7500)],
    must_not=[149, 275, 355, 302, 176, 15.6]),
 "scrapinghub:dfd43bc0d46e": dict(claims=[C(20), C(38), C(30), C(25), C(7)]),
 "scrapinghub:7f93c1944a41": dict(claims=[
    C(77), C(65), C(11.9), C(15.36), C(23), C(37), C(0.90), C(1.23), C(25), C(2.18), C(2.72)],
    may=[7.3]),
 "scrapinghub:04a6711caa7c": dict(claims=[C(51), C(70), C(44)], may=[30, 20, 5.5]),
 "scrapinghub:a078b3656adc": dict(claims=[R("percent", 97, 98)], must_not=[43, 30]),
 "scrapinghub:ad9e9e596f21": dict(claims=[A(5.1*M), C(55), C(30)], must_not=[9, 12]),
 "scrapinghub:702d1da63b8e": dict(claims=[
    A(20*B), A(50*B), A(360*B), C(15), A(160*B), A(30*B)]),
 "scrapinghub:8267acacb9e4": dict(claims=[A(9.99, cls="kind"), A(129.99, cls="kind")],
    must_not=[60, 22, 100]),
 "wcxb:0079": dict(claims=[A(27.1*B), A(24.1*B), A(63.3*B), A(13.8*B), A(77.1*B)], must_not=[234, 70]),
 "wcxb:0457": dict(claims=[C(42), C(94), C(83), C(60), C(74), C(68), C(40)], must_not=[55, 18]),
 "wcxb:0221": dict(claims=[C(90), R("amount", 200, 450, cls_note="kind")]),
 "wcxb:4560": dict(claims=[C(20), C(28), C(52)], must_not=[10, 276]),
}

def full_id(loc):
    src, i = loc.split(":", 1)
    if src != "scrapinghub":
        return loc
    shared = os.environ.get("CLAIMWIRE_SHARED", os.path.join(os.path.dirname(__file__), "../../../shared"))
    ids = json.load(open(os.path.join(shared, "eval/extraction/scrapinghub/ground-truth.json")))
    (k,) = [k for k in ids if k.startswith(i)]
    return f"scrapinghub:{k}"

def heldout(doc_id):
    return hashlib.sha256(doc_id.encode()).digest()[0] % 3 == 0

out = {"about": (
    "Claims development set: real articles in ../shared (CLAIMWIRE_SHARED), labelled by hand "
    "by reading them; no page text here. 'doc' locates the text: scrapinghub:<id> (articleBody "
    "of eval/extraction/scrapinghub/ground-truth.json), wcxb:<id> (ground_truth.main_content "
    "of eval/extraction/wcxb-dev/truth/<id>.json), crypto:<file> (the page "
    "eval/extraction/crypto/<file>, read as claimwire reads HTML). Kinds: price = the price "
    "level of a traded asset (crypto, share, commodity, currency); amount = any other money "
    "(deals, revenue, fees, prices of goods and services, earnings per share); percent; "
    "index_level; crypto_amount. Counts, years, dates, ages, model numbers, addresses, "
    "physical quantities are not claims. Each distinct figure is listed once; value_high is "
    "the upper end of a range. may: figures a reader may or may not count (currency "
    "conversions in brackets, quote widgets, index point changes); must_not: numbers that "
    "must not become claims. heldout: chosen by sha256(id)[0] % 3 == 0 before any tuning. "
    "class: the issue-17 class a claim exercises (range, crypto_amount, index, kind)."),
    "documents": {}}
for loc, d in DOCS.items():
    did = full_id(loc)
    claims = []
    for c in d["claims"]:
        c = {k: v for k, v in c.items() if v is not None and k != "cls_note"}
        if "cls" in c:
            c["class"] = c.pop("cls")
        claims.append(c)
    src, name = did.split(":", 1)
    short = f"{src}:{name[:12]}" if src == "scrapinghub" else did
    out["documents"][short] = {"doc": did, "heldout": heldout(did), "claims": claims,
                               "must_not": d.get("must_not", []), "may": d.get("may", [])}
json.dump(out, open(os.path.join(os.path.dirname(__file__), "gold.json"), "w"), indent=1)
n = len(out["documents"]); h = sum(v["heldout"] for v in out["documents"].values())
print(n, "documents,", h, "held out,", sum(len(v["claims"]) for v in out["documents"].values()), "claims")
