#!/usr/bin/env bash
# environment/dlnotes bench: DL4J beside PyTorch on this machine (bench/run.py), after installing PyTorch if missing.
# PyTorch comes from Debian's python3-torch (there is no PyPI here); DLNOTES_BENCH_PYTHON names another Python.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${DLNOTES_BENCH_PYTHON:-/usr/bin/python3}"
say() { printf '[bench] %s\n' "$*"; }

if ! "$PY" -c 'import torch' >/dev/null 2>&1; then
  if [[ -n "${DLNOTES_BENCH_PYTHON:-}" ]]; then
    say "ERROR: $PY cannot import torch; install PyTorch for it or unset DLNOTES_BENCH_PYTHON." >&2; exit 1
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    say "ERROR: PyTorch is missing and there is no apt-get. Install PyTorch for $PY and run this again." >&2; exit 1
  fi
  if [[ "$(id -u)" != 0 ]]; then
    say "ERROR: PyTorch is missing. Install it as root, then run this again:
  sudo apt-get update && sudo apt-get install -y python3-torch" >&2
    exit 1
  fi
  say "installing PyTorch from Debian packages: python3-torch"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch >/dev/null
  "$PY" -c 'import torch' || { say "ERROR: python3-torch was installed but $PY cannot import torch." >&2; exit 1; }
fi
exec "$PY" "$REPO/bench/run.py" --python "$PY" "$@"
