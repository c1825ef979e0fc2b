#!/usr/bin/env bash
# Tools for the offline Terraform checks (tests/terraform), installed from the registries this
# project can reach. Idempotent: each step is skipped when its result is already there.
#   .venv-checkov/           checkov in its own venv: it ships a fork of python-hcl2 that would
#                            overwrite the `hcl2` module in .venv. The schema check also uses that
#                            `hcl2` (through a subprocess) to parse our .tf files.
#   build/schemas/<p>.jsii   the provider schemas, as carried by the CDKTF provider packages' jsii
#                            manifests (only that one file is extracted from each npm tarball).
set -euo pipefail
cd "$(dirname "$0")/.."

CHECKOV_VERSION=3.3.30
# npm package -> the Terraform provider version its schema was generated from (asserted by the tests).
PROVIDERS=(
  "aws @cdktf/provider-aws@21.22.1"
  "google @cdktf/provider-google@16.12.1"
  "azurerm @cdktf/provider-azurerm@14.23.1"
  "azuread @cdktf/provider-azuread@14.3.1"
  "time @cdktf/provider-time@11.0.1"
)

PYTHON=${PYTHON:-python3}
CK=.venv-checkov
if [[ ! -x $CK/bin/checkov ]] || [[ "$($CK/bin/checkov --version 2>/dev/null)" != "$CHECKOV_VERSION" ]]; then
  echo "install_tf_tools: checkov $CHECKOV_VERSION into $CK"
  "$PYTHON" -m venv "$CK"
  "$CK/bin/pip" install --quiet --disable-pip-version-check uv
  VIRTUAL_ENV=$CK "$CK/bin/uv" pip install --quiet "checkov==$CHECKOV_VERSION"
fi

mkdir -p build/schemas build/npm
for entry in "${PROVIDERS[@]}"; do
  read -r name spec <<<"$entry"
  out=build/schemas/$name.jsii
  stamp=build/schemas/$name.source
  if [[ -s $out && -f $stamp && "$(cat "$stamp")" == "$spec" ]]; then
    continue
  fi
  echo "install_tf_tools: $spec -> $out"
  tmp=$(mktemp -d build/npm/pack.XXXXXX)
  # `npm pack` fetches the tarball only: no dependency tree, no install scripts.
  tarball=$(cd "$tmp" && npm pack --silent --ignore-scripts "$spec" | tail -n 1)
  tar -xzf "$tmp/$tarball" -C "$tmp" package/.jsii
  mv "$tmp/package/.jsii" "$out.partial"
  mv "$out.partial" "$out"
  echo "$spec" >"$stamp"
  rm -rf "$tmp"
done
echo "install_tf_tools: ok ($($CK/bin/checkov --version), schemas: $(ls build/schemas/*.jsii | xargs -n1 basename | tr '\n' ' '))"
