#!/usr/bin/env bash
# environment/dlnotes bench: DL4J beside PyTorch on this machine (bench/run.py), after finding or setting up PyTorch.
# Which Python runs the PyTorch side, first that applies:
#   1. DLNOTES_BENCH_PYTHON, if set (it must import torch);
#   2. the bench's own venv with PyTorch 2.x (DLNOTES_BENCH_VENV, default target/bench-venv), made here with
#      `python3 -m venv` and `pip install torch numpy` from pip's configured index if it is not there yet;
#   3. if pip cannot install it: Debian's python3-torch (1.13, installed with apt if missing), with a note, since
#      PyTorch 1.13 is several times slower than 2.x and ratios against it flatter DL4J.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${DLNOTES_BENCH_VENV:-$REPO/target/bench-venv}"
say() { printf '[bench] %s\n' "$*"; }
torch2() { "$1" -c 'import sys, torch; sys.exit(int(torch.__version__.split(".")[0]) < 2)' >/dev/null 2>&1; }

debian_torch() {
  PY=/usr/bin/python3
  "$PY" -c 'import torch' >/dev/null 2>&1 && return 0
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
}

if [[ -n "${DLNOTES_BENCH_PYTHON:-}" ]]; then
  PY="$DLNOTES_BENCH_PYTHON"
  if ! "$PY" -c 'import torch' >/dev/null 2>&1; then
    say "ERROR: $PY cannot import torch; install PyTorch for it or unset DLNOTES_BENCH_PYTHON." >&2; exit 1
  fi
elif torch2 "$VENV/bin/python"; then
  PY="$VENV/bin/python"
else
  say "setting up PyTorch 2.x in $VENV: python3 -m venv, then pip install torch numpy (CPU wheels, several minutes)"
  rm -rf "$VENV"
  if python3 -m venv "$VENV" && "$VENV/bin/pip" install -q --retries 1 --timeout 30 torch numpy && torch2 "$VENV/bin/python"; then
    PY="$VENV/bin/python"
  else
    rm -rf "$VENV"
    say "NOTE: pip could not install PyTorch 2.x; using Debian's python3-torch (1.13) instead, which is much slower"
    say "      than PyTorch 2.x: the ratios against it flatter DL4J."
    debian_torch
  fi
fi
say "PyTorch side: $PY (torch $("$PY" -c 'import torch; print(torch.__version__)'))"
exec "$PY" "$REPO/bench/run.py" --python "$PY" "$@"
