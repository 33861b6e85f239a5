#!/usr/bin/env bash
# The step of the GitHub Action (action.yml at the repository's root): build
# blastradius from the action's own checkout, run gate.sh, and publish the
# files it wrote as step outputs.
#
# Environment (action.yml sets it from the inputs): CATALOG, BASE (empty: the
# pull request's base, git:BASE_SHA:CATALOG), FAIL_ON, OUT, FAIL ("true" to
# exit with the gate's code, else 0), BASE_SHA; and from the runner
# GITHUB_ACTION_PATH, RUNNER_TEMP, GITHUB_OUTPUT and, when set,
# GITHUB_STEP_SUMMARY.
set -uo pipefail
root=${GITHUB_ACTION_PATH:?} out=${OUT:?} catalog=${CATALOG:?}
bin="${RUNNER_TEMP:?}/blastradius-action"
mkdir -p "$bin" || exit 2
if ! (cd "$root" && go build -o "$bin/blastradius" ./cmd/blastradius); then
  echo "::error title=blastradius::could not build blastradius from $root"
  exit 2
fi

base=${BASE:-}
if [ -z "$base" ]; then
  if [ -z "${BASE_SHA:-}" ]; then
    echo "::error title=blastradius::no base: set the base input (the event is not a pull request)"
    echo "exit-code=2" >>"${GITHUB_OUTPUT:?}"
    exit 2
  fi
  base="git:$BASE_SHA:$catalog"
fi

code=0
BLASTRADIUS="$bin/blastradius" FAIL_ON="${FAIL_ON:-new-spof,policy}" \
  bash "$root/examples/ci/gate.sh" "$catalog" "$base" "$out" || code=$?

output() { # output NAME FILE: the file's path, or empty when it was not written
  if [ -f "$2" ]; then echo "$1=$2"; else echo "$1="; fi
}
{
  output sarif "$out/blastradius.sarif"
  output markdown "$out/diff.md"
  output check-markdown "$out/check.md"
  output diagram "$out/dependencies.svg"
  echo "exit-code=$code"
} >>"${GITHUB_OUTPUT:?}"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -f "$out/diff.md" ]; then
  cat "$out/diff.md" >>"$GITHUB_STEP_SUMMARY"
fi

case $code in
0) ;;
1) echo "::error title=blastradius::the gate is blocked; see $out/check.md and $out/diff.md" ;;
*) echo "::error title=blastradius::the gate could not run (exit $code)" ;;
esac
if [ "${FAIL:-true}" = true ]; then
  exit "$code"
fi
