#!/usr/bin/env python3
"""Ratio table over several bench-compare runs (their target/compare-*.jsonl files).

    scripts/bench-summary.py target/compare-A.jsonl target/compare-B.jsonl ...

For every workload it prints B/A (paddock / zk-3.9.5 by default) for throughput and p99 in each
run, then the median over the runs and the worst run. One run on this 2-core machine moves by
tens of percent (a 1x1 session lands on the leader or on a follower; the disk's fsync latency
drifts by minutes), so a floor is judged on the medians, with every run shown beside them.
Options: --a LABEL, --b LABEL.
"""
import argparse
import json
import statistics


def load(path, a, b):
    runs = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            r = json.loads(line)
            key = (r["workload"], r["sessions"], r["inflight"], r["size"])
            if r["label"] in (a, b):
                runs.setdefault(key, {})[r["label"]] = r
    return runs


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--a", default="zk-3.9.5")
    parser.add_argument("--b", default="paddock")
    args = parser.parse_args()
    per_file = [load(f, args.a, args.b) for f in args.files]
    keys = []
    for runs in per_file:
        for key in runs:
            if key not in keys:
                keys.append(key)
    n = len(args.files)
    print(f"{n} run(s); B/A = {args.b} / {args.a}: ops/s above 1 and p99 below 1 favour {args.b}\n")
    print("| workload | ops/s B/A per run | median | worst | p99 B/A per run | median | worst |")
    print("|---|---|---:|---:|---|---:|---:|")
    for key in keys:
        ops, p99 = [], []
        for runs in per_file:
            pair = runs.get(key, {})
            if args.a in pair and args.b in pair:
                ra, rb = pair[args.a], pair[args.b]
                ops.append(rb["ops_per_s"] / ra["ops_per_s"])
                p99.append(rb["p99_us"] / ra["p99_us"])
        if not ops:
            continue
        name = f"{key[0]} {key[1]}x{key[2]}"
        fmt = lambda xs: " / ".join(f"{x:.2f}" for x in xs)
        print(f"| {name} | {fmt(ops)} | {statistics.median(ops):.2f} | {min(ops):.2f} "
              f"| {fmt(p99)} | {statistics.median(p99):.2f} | {max(p99):.2f} |")


if __name__ == "__main__":
    main()
