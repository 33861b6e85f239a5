#!/bin/sh
# Side-by-side region sweep: blastradius (Go) against plain Python + networkx.
#
# Usage, from the repository root:
#   sh benchmarks/networkx/run.sh [CUSTOMERS]      # default 100000
#
# Generates the synthetic catalog (seed 1) unless it exists, builds the CLI, times
# `validate` (load only) and `rank --scope region`, runs region_sweep.py on the same
# catalog, checks the two rankings agree and prints the ratios. The Go and Python
# runs go one after the other, never at the same time, so they do not share the CPUs.
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

go_validate=$(cat "$work/go-validate.time")
go_rank=$(cat "$work/go-rank.time")
py_total=$(cat "$work/py.time")
py_line=$(grep '^load ' "$work/py.err")
py_sweep=$(echo "$py_line" | sed 's/.*sweep \([0-9.]*\) s.*/\1/')
grep '^region_sweep:' "$work/py.err" || true

echo "catalog:   $cat ($n customers)"
echo "go:        rank --scope region ${go_rank} s wall (validate, the load alone: ${go_validate} s)"
echo "python:    ${py_total} s wall ($py_line)"
python3 - "$go_rank" "$go_validate" "$py_total" "$py_sweep" <<'EOF'
import sys
go_rank, go_load, py_total, py_sweep = map(float, sys.argv[1:])
print(f"ratio:     whole command {py_total / go_rank:.1f}x", end="")
if go_rank > go_load:
    print(f"; sweep alone vs Go's rank minus validate {py_sweep / (go_rank - go_load):.1f}x"
          " (Go's part includes the graph build and the JSON output)")
else:
    print()
EOF
python3 "$here/compare.py" "$work/go.json" "$work/py.json"
