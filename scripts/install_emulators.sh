#!/usr/bin/env bash
# Emulators for the GCS and Azure store tests, installed from the registries this project can reach.
# Idempotent: skipped when the pinned version is already there.
#   GCS:   gcp-storage-emulator comes from PyPI through requirements.lock (make venv).
#   Azure: Azurite from npm into build/azurite (its own prefix, so no global install and no root
#          node_modules). 3.35.x is the last line that runs on Node 20; the tests start it with
#          --skipApiVersionCheck (the Python SDK may speak a newer API version than it knows).
set -euo pipefail
cd "$(dirname "$0")/.."

AZURITE_VERSION=3.35.0
PREFIX=build/azurite
BIN=$PREFIX/node_modules/.bin/azurite-blob

if ! command -v npm >/dev/null; then
  echo "install_emulators: npm not found; install Node.js 20 (apt-get install nodejs npm)" >&2
  exit 1
fi
installed=$(node -p "require('./$PREFIX/node_modules/azurite/package.json').version" 2>/dev/null || true)
if [[ -x $BIN && $installed == "$AZURITE_VERSION" ]]; then
  echo "install_emulators: ok (azurite $installed in $PREFIX)"
  exit 0
fi
echo "install_emulators: azurite $AZURITE_VERSION -> $PREFIX"
mkdir -p "$PREFIX"
npm install --prefix "$PREFIX" --no-audit --no-fund --silent --save-exact "azurite@$AZURITE_VERSION"
"$BIN" --version >/dev/null
echo "install_emulators: ok (azurite $AZURITE_VERSION in $PREFIX)"
