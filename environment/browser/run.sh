#!/usr/bin/env bash
# The browser test (see environment/README.md): makes sure Chromium (Debian's package) and playwright-core (npm ci,
# pinned by package-lock.json; it downloads no browser) are there, then runs jupyter.test.mjs. Where no browser can
# be installed it says so and SKIPS (exit 0), except in CI (CI=true), where a test that cannot run FAILS (exit 1)
# with the same message; everything else that goes wrong fails. DLNOTES_CHROMIUM, when set, is the only Chromium
# tried (nothing is installed for it).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
say() { printf '[browser] %s\n' "$*"; }
skip() {
  if [[ "${CI:-}" == [Tt][Rr][Uu][Ee] ]]; then  # GitHub Actions and most CI services set CI=true
    say "FAILED: the browser test cannot run, and in CI (CI=true) that fails the build instead of skipping: $*"
    exit 1
  fi
  say "SKIPPED the browser test: $*"
  exit 0
}
as_root() { [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; }
apt_install() {
  say "installing $* from Debian packages"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

find_chromium() {
  local c
  for c in /usr/bin/chromium /usr/bin/chromium-browser; do
    if [[ -x "$c" ]] && "$c" --version >/dev/null 2>&1; then echo "$c"; return 0; fi
  done
  return 1
}
if [[ -n "${DLNOTES_CHROMIUM:-}" ]]; then
  CHROMIUM="$DLNOTES_CHROMIUM"
  [[ -x "$CHROMIUM" ]] && "$CHROMIUM" --version >/dev/null 2>&1 || skip "DLNOTES_CHROMIUM=$CHROMIUM is not a Chromium
  that runs ('$CHROMIUM --version' fails). Point it at a Chromium binary, or unset it to use Debian's chromium package."
elif ! CHROMIUM="$(find_chromium)"; then
  if as_root; then
    apt_install chromium || skip "Chromium is missing and 'apt-get install chromium' failed. Install Debian's
  chromium package (or set DLNOTES_CHROMIUM to a Chromium binary) and run this again."
    CHROMIUM="$(find_chromium)" || skip "Chromium was installed but does not run ($(command -v chromium || true))."
  else
    skip "no Chromium. Install it with 'sudo apt-get install chromium' (or set DLNOTES_CHROMIUM to a Chromium
  binary) and run this again."
  fi
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  if as_root; then
    apt_install nodejs npm || skip "Node.js is missing and 'apt-get install nodejs npm' failed."
  else
    skip "no Node.js/npm to drive the browser. Install them with 'sudo apt-get install nodejs npm'."
  fi
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
(( node_major >= 18 )) || skip "Node.js $(node --version) is too old for playwright-core; Node 18 or newer is needed."

say "Chromium: $("$CHROMIUM" --version 2>/dev/null | head -n1); Node.js $(node --version)"
( cd "$HERE" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null ) || {
  say "ERROR: 'npm ci' in ${HERE} failed: the npm registry must be reachable (or ~/.npmrc point at a mirror)."
  exit 1
}
export DLNOTES_CHROMIUM="$CHROMIUM"
exec node "$HERE/jupyter.test.mjs" "$@"
