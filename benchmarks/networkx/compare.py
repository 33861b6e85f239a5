#!/usr/bin/env python3
"""Checks that two rank JSON files agree.

Usage:
    python3 benchmarks/networkx/compare.py A.json B.json [--rel 1e-6]

Both files hold {"scope": ..., "results": [{"ref", "down", "degraded", "weight_down",
"weight_down_share"}, ...]} as written by `blastradius rank --format json` and by
region_sweep.py. They agree when they have the same scope and the same refs, every
ref has the same customer counts, and the weights are equal within a relative
tolerance (sums of fractional weights in a different order differ in the last bits).
The order must be the same too, except where two neighbours tie on the ranking keys
(weight down within the tolerance, customers down, customers degraded), which a
difference in the last bits of a weight could swap.

Exits 0 when they agree, 1 when they do not (printing every difference), 2 on bad
input.
"""
import argparse
import json
import math
import sys

COUNTS = ("down", "degraded")
WEIGHTS = ("weight_down", "weight_down_share")


def close(a, b, rel):
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-12)


def load(path):
    with open(path) as fh:
        doc = json.load(fh)
    if not isinstance(doc, dict) or not isinstance(doc.get("results"), list):
        raise ValueError(f"{path}: not a rank JSON file (no results list)")
    return doc


def main():
    ap = argparse.ArgumentParser(description="Check that two rank JSON files agree.")
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--rel", type=float, default=1e-6, help="relative tolerance on weights (default 1e-6)")
    args = ap.parse_args()
    try:
        a, b = load(args.a), load(args.b)
    except (OSError, ValueError) as e:
        print(f"compare: {e}", file=sys.stderr)
        return 2

    diffs = []
    worst = 0.0  # the largest relative difference of a weight
    if a.get("scope") != b.get("scope"):
        diffs.append(f"scope: {a.get('scope')!r} vs {b.get('scope')!r}")
    ra = {r["ref"]: r for r in a["results"]}
    rb = {r["ref"]: r for r in b["results"]}
    if len(ra) != len(a["results"]) or len(rb) != len(b["results"]):
        diffs.append("a ref appears twice in one file")
    for ref in sorted(ra.keys() - rb.keys()):
        diffs.append(f"{ref}: only in {args.a}")
    for ref in sorted(rb.keys() - ra.keys()):
        diffs.append(f"{ref}: only in {args.b}")
    for ref in sorted(ra.keys() & rb.keys()):
        x, y = ra[ref], rb[ref]
        for f in COUNTS:
            if x.get(f) != y.get(f):
                diffs.append(f"{ref}: {f} {x.get(f)} vs {y.get(f)}")
        for f in WEIGHTS:
            try:
                u, v = float(x[f]), float(y[f])
                if u != v:
                    worst = max(worst, abs(u - v) / max(abs(u), abs(v)))
            except (KeyError, TypeError, ValueError):
                pass
            if not close(float(x.get(f, math.nan)), float(y.get(f, math.nan)), args.rel):
                diffs.append(f"{ref}: {f} {x.get(f)} vs {y.get(f)}")

    reordered = 0
    if not diffs:
        for k, (x, y) in enumerate(zip(a["results"], b["results"])):
            if x["ref"] == y["ref"]:
                continue
            reordered += 1
            tie = (close(x["weight_down"], y["weight_down"], args.rel)
                   and x["down"] == y["down"] and x["degraded"] == y["degraded"])
            if not tie:
                diffs.append(f"rank {k + 1}: {x['ref']} vs {y['ref']}, which do not tie")

    if diffs:
        for d in diffs:
            print(d)
        print(f"DIFFER: {len(diffs)} difference(s) between {args.a} and {args.b}")
        return 1
    note = f", {reordered} rank(s) swapped between near-ties" if reordered else ", same order"
    print(f"MATCH: {len(ra)} results, equal refs and counts{note}; "
          f"largest relative weight difference {worst:.1e} (tolerance {args.rel:g})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
