#!/usr/bin/env python3
"""Region sweep in plain Python + networkx: the baseline blastradius is compared with.

Usage:
    python3 benchmarks/networkx/region_sweep.py CATALOG_DIR [--out results.json]
                                                [--only REF ...] [--progress]

It loads a catalog in format v1 (every *.yaml / *.yml below CATALOG_DIR, in lexical
path order, parsed by PyYAML's libyaml-backed CSafeLoader), expands it into nodes as
the contract says, builds a networkx.DiGraph with one edge dependent -> dependency per
distinct dependency, then fails every region on its own and computes the state of
every node as the least fixpoint of the contract's rules:

    nx.ancestors(G, region)      every node the failure can reach (its dependents)
    worklist                     re-evaluate the dependents of each node whose state
                                 rose, until nothing rises (rules are monotone and
                                 states only rise, so this reaches the least fixpoint)

and counts the customers down / degraded. It writes the same JSON shape as
`blastradius rank --scope region --format json` and prints to stderr the seconds
spent loading + building and the seconds spent in the sweep alone.

This is a benchmark baseline, not a validator: it assumes a valid catalog (run
`blastradius validate` first) and only reports the errors it trips over.
Single-threaded on purpose; no C extensions beyond PyYAML's libyaml and networkx.
"""
import argparse
import json
import os
import sys
import time
from collections import deque

import networkx as nx
import yaml

UP, DEGRADED, DOWN = 0, 1, 2

# A compiled dependency entry is a tuple (op, soft, payload, k):
#   REF:            payload = the target's ref
#   ALL/ANY/QUORUM: payload = tuple of member entries; k = members needed (ANY: 1)
REF, ALL, ANY, QUORUM = 0, 1, 2, 3


class CatalogError(Exception):
    pass


# --------------------------------------------------------------------------- load

def catalog_files(root):
    if os.path.isfile(root):
        return [root]
    rels = []
    for dirpath, _dirs, files in os.walk(root):
        for f in files:
            if f.endswith(".yaml") or f.endswith(".yml"):
                rels.append(os.path.relpath(os.path.join(dirpath, f), root).replace(os.sep, "/"))
    rels.sort()
    if not rels:
        raise CatalogError(f"{root}: no *.yaml or *.yml files")
    return [os.path.join(root, r) for r in rels]


def read_catalog(root):
    """Merges every file's sections in load order."""
    merged = {"providers": [], "customers": [], "scenarios": [], "policies": []}
    versioned = False
    for path in catalog_files(root):
        with open(path, "rb") as fh:
            doc = yaml.load(fh, Loader=yaml.CSafeLoader) or {}
        if not isinstance(doc, dict):
            raise CatalogError(f"{path}: the top level must be a map")
        for key, value in doc.items():
            if key == "version":
                if value != 1:
                    raise CatalogError(f"{path}: version must be 1, got {value!r}")
                versioned = True
            elif key in merged:
                merged[key].extend(value or [])
            else:
                raise CatalogError(f"{path}: unknown top-level key {key!r}")
    if not versioned:
        raise CatalogError("missing version: 1")
    return merged


class Model:
    """The expanded catalog: every node with its compiled dependency entries."""

    def __init__(self):
        self.kind = {}       # ref -> provider | region | zone | service | view | customer
        self.entries = {}    # ref -> list of compiled entries
        self.weight = {}     # customer ref -> weight
        self.customers = []  # customer refs, in load order

    def add(self, ref, kind, entries=None):
        if ref in self.kind:
            raise CatalogError(f"duplicate node {ref}")
        self.kind[ref] = kind
        self.entries[ref] = entries if entries is not None else []


def hard(ref):
    return (REF, False, ref, 0)


def expand(cat):
    m = Model()
    services = {}   # (provider, service id) -> {"scope", "regions", "depends_on"}
    zones_of = {}   # (provider, region) -> [zone ids]
    region_of = {}  # (provider, zone) -> region id

    # Providers, regions, zones, service instances and regional views.
    for p in cat["providers"]:
        pid = str(p["id"])
        m.add(pid, "provider")
        regions = [str(r["id"]) for r in p.get("regions") or []]
        for r in p.get("regions") or []:
            rid = str(r["id"])
            m.add(f"{pid}@{rid}", "region", [hard(pid)])
            zones_of[(pid, rid)] = [str(z) for z in r.get("zones") or []]
            for z in zones_of[(pid, rid)]:
                region_of[(pid, z)] = rid
                m.add(f"{pid}@{z}", "zone", [hard(f"{pid}@{rid}")])
        for s in p.get("services") or []:
            sid = str(s["id"])
            scope = s.get("scope", "regional")
            if scope not in ("regional", "zonal", "global"):
                raise CatalogError(f"service {pid}/{sid}: unknown scope {scope!r}")
            in_regions = [str(r) for r in s.get("regions") or []] or regions
            services[(pid, sid)] = {"scope": scope, "regions": in_regions, "depends_on": s.get("depends_on") or []}
            base = f"{pid}/{sid}"
            if scope == "global":
                m.add(base, "service", [hard(pid)])
            elif scope == "regional":
                for rid in in_regions:
                    m.add(f"{base}@{rid}", "service", [hard(f"{pid}@{rid}")])
            else:
                for rid in in_regions:
                    members = []
                    for z in zones_of[(pid, rid)]:
                        m.add(f"{base}@{z}", "service", [hard(f"{pid}@{z}")])
                        members.append(hard(f"{base}@{z}"))
                    if members:  # the regional view: any_of its zone instances
                        m.add(f"{base}@{rid}", "view", [(ANY, False, tuple(members), 1)])

    for c in cat["customers"]:
        cid = str(c["id"])
        m.add(cid, "customer")
        w = c.get("weight", 1)
        m.weight[cid] = float(1 if w is None else w)
        m.customers.append(cid)

    # Dependency entries.
    def full(ref, where):
        ref = str(ref)
        if ref not in m.kind:
            raise CatalogError(f"{where}: unknown ref {ref!r}")
        return ref

    def compile_entry(e, resolve, where):
        if not isinstance(e, dict):
            return (REF, False, resolve(e, where), 0)
        soft = e.get("impact", "down") == "degraded"
        if "ref" in e:
            return (REF, soft, resolve(e["ref"], where), 0)
        if "all_of" in e:
            return (ALL, soft, tuple(compile_entry(x, resolve, where) for x in e["all_of"]), 0)
        if "any_of" in e:
            return (ANY, soft, tuple(compile_entry(x, resolve, where) for x in e["any_of"]), 1)
        if "quorum" in e:
            return (QUORUM, soft, tuple(compile_entry(x, resolve, where) for x in e["of"]), int(e["quorum"]))
        raise CatalogError(f"{where}: a dependency entry needs one of ref, all_of, any_of or quorum: {e!r}")

    for (pid, sid), s in services.items():
        scope = s["scope"]
        if scope == "global":
            sites = [(f"{pid}/{sid}", None, None)]
        elif scope == "regional":
            sites = [(f"{pid}/{sid}@{r}", r, None) for r in s["regions"]]
        else:
            sites = [(f"{pid}/{sid}@{z}", r, z) for r in s["regions"] for z in zones_of[(pid, r)]]
        for ref, region, zone in sites:
            def resolve(name, where, region=region, zone=zone):
                name = str(name)
                if "/" in name or "@" in name:
                    return full(name, where)
                target = services.get((pid, name))
                if target is None:
                    return full(name, where)  # a provider or customer id
                if target["scope"] == "global":
                    return f"{pid}/{name}"
                if scope == "global":
                    raise CatalogError(f"{where}: a global service cannot name {target['scope']} service {name!r} by short name")
                loc = zone if scope == "zonal" and target["scope"] == "zonal" else region
                short = f"{pid}/{name}@{loc}"
                if short not in m.kind:
                    raise CatalogError(f"{where}: {name!r} resolves to {short}, which does not exist")
                return short
            m.entries[ref].extend(compile_entry(e, resolve, ref) for e in s["depends_on"])

    for c in cat["customers"]:
        cid = str(c["id"])
        m.entries[cid].extend(compile_entry(e, full, cid) for e in c.get("depends_on") or [])
    return m


def targets(entry, out):
    op, _soft, payload, _k = entry
    if op == REF:
        out.add(payload)
    else:
        for member in payload:
            targets(member, out)
    return out


def build_graph(m):
    """One edge dependent -> dependency for every distinct dependency."""
    G = nx.DiGraph()
    G.add_nodes_from(m.kind)
    for ref, entries in m.entries.items():
        deps = set()
        for e in entries:
            targets(e, deps)
        G.add_edges_from((ref, d) for d in deps)
    return G


# -------------------------------------------------------------------- semantics

def value(entry, st):
    """The contribution of one dependency entry, given the states so far."""
    op, soft, payload, k = entry
    if op == REF:
        v = st.get(payload, UP)
    elif op == ALL:
        v = UP
        for member in payload:
            mv = value(member, st)
            if mv > v:
                v = mv
                if v == DOWN:
                    break
    else:  # ANY (k = 1) and QUORUM: down if fewer than k members are not down
        v = UP
        alive = 0
        for member in payload:
            mv = value(member, st)
            if mv != DOWN:
                alive += 1
            if mv != UP:
                v = DEGRADED
        if alive < k:
            v = DOWN
    if soft and v == DOWN:
        v = DEGRADED
    return v


def evaluate(entries, st):
    """A node's state: the max of its entries' contributions (all_of of them)."""
    v = UP
    for e in entries:
        ev = value(e, st)
        if ev > v:
            v = ev
            if v == DOWN:
                break
    return v


def fail(G, m, failed, clock=None):
    """Fails one node: the least fixpoint over the nodes the failure can reach.
    Returns (states of the reached nodes, the reached nodes)."""
    t = time.perf_counter()
    reach = nx.ancestors(G, failed)          # every dependent, transitively
    if clock is not None:
        clock["ancestors"] += time.perf_counter() - t
    st = dict.fromkeys(reach, UP)
    st[failed] = DOWN                          # set by the scenario: down overrides all
    queue = deque(G.predecessors(failed))
    queued = set(queue)
    entries = m.entries
    while queue:
        n = queue.popleft()
        queued.discard(n)
        v = evaluate(entries[n], st)
        if v > st[n]:
            st[n] = v
            for user in G.predecessors(n):
                if user not in queued and user != failed:
                    queued.add(user)
                    queue.append(user)
    return st, reach


def sweep(G, m, regions, progress=False, clock=None):
    total = sum(m.weight[c] for c in sorted(m.customers))
    kind, weight = m.kind, m.weight
    results = []
    for k, region in enumerate(regions):
        t = time.perf_counter()
        st, reach = fail(G, m, region, clock)
        down = degraded = 0
        weight_down = 0.0
        for n in reach:
            if kind[n] != "customer":
                continue
            s = st[n]
            if s == DOWN:
                down += 1
                weight_down += weight[n]
            elif s == DEGRADED:
                degraded += 1
        results.append({"ref": region, "down": down, "degraded": degraded, "weight_down": weight_down,
                        "weight_down_share": weight_down / total if total > 0 else 0.0})
        if progress:
            print(f"  [{k + 1}/{len(regions)}] {region}: reach {len(reach)}, {down} down, {degraded} degraded, "
                  f"{time.perf_counter() - t:.2f} s", file=sys.stderr, flush=True)
    results.sort(key=lambda r: (-r["weight_down"], -r["down"], -r["degraded"], r["ref"]))
    return results


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("catalog", help="catalog directory (or one YAML file)")
    ap.add_argument("--out", help="write the ranking JSON here (default: stdout)")
    ap.add_argument("--only", action="append", metavar="REF",
                    help="sweep only this region (repeatable), to time a subset")
    ap.add_argument("--progress", action="store_true", help="print one line per region to stderr")
    args = ap.parse_args()

    t0 = time.perf_counter()
    try:
        cat = read_catalog(args.catalog)
        ty = time.perf_counter()
        m = expand(cat)
        del cat
    except (CatalogError, KeyError, TypeError, ValueError, yaml.YAMLError) as e:
        print(f"region_sweep: {e}", file=sys.stderr)
        return 1
    te = time.perf_counter()
    G = build_graph(m)
    t1 = time.perf_counter()
    regions = sorted(r for r, k in m.kind.items() if k == "region")
    if args.only:
        unknown = [r for r in args.only if r not in regions]
        if unknown:
            print(f"region_sweep: not regions: {', '.join(unknown)}", file=sys.stderr)
            return 2
        regions = sorted(set(args.only))
    print(f"region_sweep: {len(m.kind)} nodes, {G.number_of_edges()} edges, {len(m.customers)} customers, "
          f"{len(regions)} regions", file=sys.stderr, flush=True)
    clock = {"ancestors": 0.0}
    results = sweep(G, m, regions, args.progress, clock)
    t2 = time.perf_counter()

    text = json.dumps({"scope": "region", "results": results}, indent=2) + "\n"
    if args.out:
        with open(args.out, "w") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
    print(f"region_sweep: load = YAML {ty - t0:.2f} s + expand {te - ty:.2f} s + DiGraph {t1 - te:.2f} s; "
          f"sweep = nx.ancestors {clock['ancestors']:.2f} s + fixpoint and counts "
          f"{t2 - t1 - clock['ancestors']:.2f} s", file=sys.stderr)
    print(f"load {t1 - t0:.2f} s, sweep {t2 - t1:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
