#!/bin/sh
# Side-by-side region sweep: blastradius (Go) against plain Python + networkx.
#
# Usage, from the repository root:
#   sh benchmarks/networkx/run.sh [CUSTOMERS]      # default 100000
#
# Generates the synthetic catalog (seed 1) unless it exists, builds the CLI, times
# `validate` (load only) and `rank --scope region`, runs region_sweep.py on the same
# catalog, checks the two rankings agree and prints the ratios. The CLI does not time
# its sweep apart from the load, so the Go sweep alone is measured by the package
# benchmark BenchmarkRank on the same catalog (catalogtest, seed 1; only for 10000 and
# 100000 customers), on 2 cores and on 1. Every run goes after the other, never at the
# same time, so they do not share the CPUs.
set -eu
n=${1:-100000}
cat=/tmp/syn$n
work=${TMPDIR:-/tmp}/blastradius-vs-networkx
mkdir -p "$work"
here=$(dirname "$0")

[ -d "$cat" ] || go run ./examples/synthetic -customers "$n" -seed 1 -out "$cat"
go build -o "$work/blastradius" ./cmd/blastradius

/usr/bin/time -f '%e' -o "$work/go-validate.time" "$work/blastradius" validate -c "$cat" > /dev/null
/usr/bin/time -f '%e' -o "$work/go-rank.time" "$work/blastradius" rank -c "$cat" --scope region --format json > "$work/go.json"
/usr/bin/time -f '%e' -o "$work/py.time" python3 "$here/region_sweep.py" "$cat" --out "$work/py.json" 2> "$work/py.err"

case $n in
10000 | 100000)
	go test ./graph -run '^$' -bench "^BenchmarkRank\$/^customers=$n\$/^region\$" -count 5 -cpu 1,2 > "$work/go-bench.txt"
	;;
*) : > "$work/go-bench.txt" ;;
esac

go_validate=$(cat "$work/go-validate.time")
go_rank=$(cat "$work/go-rank.time")
py_total=$(cat "$work/py.time")
py_line=$(grep '^load ' "$work/py.err")
grep '^region_sweep:' "$work/py.err" || true

echo "catalog:   $cat ($n customers)"
echo "go:        rank --scope region ${go_rank} s wall (validate, the load alone: ${go_validate} s)"
echo "python:    ${py_total} s wall ($py_line)"
python3 - "$go_rank" "$go_validate" "$py_total" "$py_line" "$work/go-bench.txt" "$n" <<'EOF'
import re, statistics, sys
go_rank, go_load, py_total = map(float, sys.argv[1:4])
py_load, py_sweep = map(float, re.findall(r"([0-9.]+) s", sys.argv[4]))
runs = {}
for line in open(sys.argv[5]):
    m = re.match(r"BenchmarkRank/customers=(\d+)/region(-(\d+))?\s+\d+\s+([0-9.]+) ns/op", line)
    if m and m.group(1) == sys.argv[6]:
        runs.setdefault(int(m.group(3) or 1), []).append(float(m.group(4)) / 1e9)
print(f"ratio:     whole command {py_total / go_rank:.1f}x; load (python load vs go validate) {py_load / go_load:.1f}x")
for cpus, times in sorted(runs.items(), reverse=True):
    t = statistics.median(times)
    print(f"           sweep alone: go BenchmarkRank region on {cpus} core(s) {t * 1000:.1f} ms "
          f"(median of {len(times)}), python sweep {py_sweep:.2f} s: {py_sweep / t:.0f}x")
EOF
python3 "$here/compare.py" "$work/go.json" "$work/py.json"
