#!/bin/bash
# TimescaleDB container init (runs once, on an empty volume): the read-only login Grafana uses, with
# its password from the environment. Migration V7 then finds the role and grants it SELECT.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v pw="$DRIFTGATE_GRAFANA_DB_PASSWORD" <<'SQL'
CREATE ROLE driftgate_grafana LOGIN PASSWORD :'pw';
SQL
