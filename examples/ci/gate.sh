#!/usr/bin/env bash
# The blastradius gate for a pull request, as the GitHub Actions workflow and
# the GitLab job run it (and as the project's own CI runs it on the examples):
# validate the catalog, check its policies (SARIF for code scanning, Markdown
# for people), diff it against the base (a pull-request comment), and draw its
# dependency diagram.
#
# Usage: gate.sh CATALOG BASE OUT
#   CATALOG  the catalog in the pull request: a file or directory
#   BASE     the catalog before the change: a path, or git:REF[:PATH]
#   OUT      a directory for the results: blastradius.sarif, check.md, diff.md,
#            dependencies.svg
# Set BLASTRADIUS to the binary to run (default: blastradius on PATH) and
# FAIL_ON to the diff findings that fail the gate (default: new-spof,policy).
#
# Exit: 0 the gate passes; 1 the catalog is invalid, a policy is violated, or
# the diff finds what FAIL_ON names; 2 a wrong request.
set -uo pipefail
if [ $# -ne 3 ]; then
  echo "usage: gate.sh CATALOG BASE OUT" >&2
  exit 2
fi
catalog=$1 base=$2 out=$3
br=${BLASTRADIUS:-blastradius}
fail_on=${FAIL_ON:-new-spof,policy}
mkdir -p "$out" || exit 2

command -v "$br" >/dev/null || { echo "gate: $br not found (set BLASTRADIUS)" >&2; exit 2; }
"$br" validate -c "$catalog" || exit $?
"$br" graph -c "$catalog" -o "$out/dependencies.svg" || exit $?
"$br" check -c "$catalog" --format sarif -o "$out/blastradius.sarif"
check=$?
"$br" check -c "$catalog" --format markdown -o "$out/check.md"
# A base with no catalog is a pull request that adds the catalog: every
# finding is new.
"$br" diff "$base" "$catalog" --allow-missing-base --format markdown --fail-on "$fail_on" -o "$out/diff.md"
diff=$?

if [ "$check" -ge 2 ] || [ "$diff" -ge 2 ]; then
  exit 2
fi
if [ "$check" -ne 0 ] || [ "$diff" -ne 0 ]; then
  echo "gate: blocked (check exit $check, diff exit $diff); see $out/check.md and $out/diff.md" >&2
  exit 1
fi
echo "gate: passed"
