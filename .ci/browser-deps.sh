#!/usr/bin/env bash
# Installs what the browser tests (render/mermaid_browser_test.go,
# report/html_browser_test.go, server/browser_test.go) and the SARIF
# validation test need on a fresh Debian 12 machine: Chromium from
# Debian's chromium package, the mermaid npm package pinned by
# render/testdata/browser/package-lock.json,
# and the SARIF schema and Microsoft's SARIF Multitool pinned by
# report/testdata/sarif/package-lock.json; and, for the GraphML export's
# acceptance test (graphml/graphml_test.go), a python3 that can import
# networkx: Debian's python3-networkx for /usr/bin/python3 when no python3
# has it (CI machines cannot reach PyPI).
# Idempotent: it installs nothing that is already there and up to date.
# Needs root (for apt-get) only when /usr/bin/chromium or networkx is
# missing, and node and npm on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

chromium=/usr/bin/chromium
browser_dir=render/testdata/browser
mermaid_js=$browser_dir/node_modules/mermaid/dist/mermaid.min.js
# Written after a successful npm ci: the hash of the files it installed from.
stamp=$browser_dir/node_modules/.browser-deps.sha256

die() {
  echo "browser-deps: $*" >&2
  exit 1
}

log=$(mktemp)
trap 'rm -f "$log"' EXIT

# quiet runs a command and shows its output only when it fails.
quiet() {
  if ! "$@" >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    return 1
  fi
}

# apt_install WHAT PACKAGE... installs Debian packages, as root, updating
# the package lists once.
apt_updated=
apt_install() {
  local what=$1
  shift
  command -v apt-get >/dev/null ||
    die "$what is missing and there is no apt-get; install it ($*)"
  [ "$(id -u)" = 0 ] ||
    die "$what is missing; run this script as root to install it, or: sudo apt-get install $*"
  echo "browser-deps: installing $* (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  if [ -z "$apt_updated" ]; then
    quiet apt-get update -q || die "apt-get update failed"
    apt_updated=1
  fi
  quiet apt-get install -y -q --no-install-recommends "$@" || die "apt-get install $* failed"
}

# Chromium.
if [ ! -x "$chromium" ]; then
  # fonts-liberation: fonts with Arial's metrics, which mermaid's font list names.
  apt_install "$chromium" chromium fonts-liberation
  [ -x "$chromium" ] || die "apt-get installed chromium, but $chromium is still missing"
fi

# networkx, for the GraphML export's acceptance test, which tries python3 on
# PATH, then /usr/bin/python3.
has_networkx() { "$1" -c 'import networkx' >/dev/null 2>&1; }
if ! has_networkx python3 && ! has_networkx /usr/bin/python3; then
  apt_install "networkx (no python3 can import it)" python3-networkx
  has_networkx /usr/bin/python3 || die "apt-get installed python3-networkx, but /usr/bin/python3 cannot import networkx"
fi

# The mermaid npm package.
command -v node >/dev/null || die "node is not installed (need Node.js 20 or newer with npm)"
command -v npm >/dev/null || die "npm is not installed (need Node.js 20 or newer with npm)"
[ -f "$browser_dir/package-lock.json" ] || die "$browser_dir/package-lock.json is missing"
want=$(cat "$browser_dir/package.json" "$browser_dir/package-lock.json" | sha256sum | cut -d' ' -f1)
if [ ! -f "$mermaid_js" ] || [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "browser-deps: installing the mermaid npm package (npm ci in $browser_dir)"
  (cd "$browser_dir" && npm ci --no-audit --no-fund --no-update-notifier) ||
    die "npm ci failed in $browser_dir"
  [ -f "$mermaid_js" ] || die "npm ci succeeded, but $mermaid_js is missing"
  echo "$want" >"$stamp"
fi

# The SARIF 2.1.0 JSON schema (Microsoft's SARIF SDK) and Microsoft's SARIF
# Multitool, for report/sarif_test.go, pinned by report/testdata/sarif/
# package-lock.json. The multitool is a self-contained .NET program in a
# per-platform package (@microsoft/sarif-multitool-linux, -darwin, -win32),
# which npm installs for this platform only; it runs without network. Its
# install script only makes the program executable: with --ignore-scripts,
# that is done here.
sarif_dir=report/testdata/sarif
sarif_stamp=$sarif_dir/node_modules/.browser-deps.sha256
sarif_want=$(cat "$sarif_dir/package.json" "$sarif_dir/package-lock.json" | sha256sum | cut -d' ' -f1)
if [ ! -d "$sarif_dir/node_modules/@microsoft/jest-sarif" ] || [ ! -f "$sarif_stamp" ] ||
  [ "$(cat "$sarif_stamp")" != "$sarif_want" ]; then
  echo "browser-deps: installing the SARIF schema and the SARIF Multitool (npm ci in $sarif_dir)"
  (cd "$sarif_dir" && npm ci --no-audit --no-fund --no-update-notifier --ignore-scripts --omit=dev) ||
    die "npm ci failed in $sarif_dir"
  for tool in "$sarif_dir"/node_modules/@microsoft/sarif-multitool-*/Sarif.Multitool; do
    if [ -f "$tool" ]; then chmod +x "$tool"; fi
  done
  echo "$sarif_want" >"$sarif_stamp"
fi

echo "browser-deps: ready: $chromium, mermaid $(node -p "require('./$browser_dir/node_modules/mermaid/package.json').version")," \
  "SARIF Multitool $(node -p "require('./$sarif_dir/node_modules/@microsoft/sarif-multitool/package.json').version")," \
  "networkx"
