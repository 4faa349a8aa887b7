#!/usr/bin/env bash
# Make the real services the tests need available, idempotently:
#   - Debian's chromium-headless-shell (browser tests, driven by Playwright with
#     executable_path=/usr/bin/chromium-headless-shell: Chromium's headless build, half the CPU of /usr/bin/chromium)
#   - Debian's postgresql, started, with a role and a test database
#   - axe-core (accessibility checks in the browser tests), from the npm registry through package.json
# and write .test-env, which exports MATCHPILOT_TEST_POSTGRES_URL for pytest.
# Installs with apt-get when missing (as root, as on CI machines). Fails loudly when it cannot.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -x /usr/bin/chromium-headless-shell ] || need+=(chromium-headless-shell)
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "test-services: missing ${need[*]}; install them (apt-get install ${need[*]}) or run as root" >&2
    exit 1
  fi
  echo "test-services: installing ${need[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
  pg_createcluster "$version" main >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  pg_ctlcluster "$version" main start
fi
for _ in $(seq 1 30); do
  su postgres -c "psql -qtAc 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done
su postgres -c "psql -qtAc \"select 1 from pg_roles where rolname='matchpilot'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"create role matchpilot superuser login password 'matchpilot'\""
su postgres -c "psql -qtAc \"select 1 from pg_database where datname='matchpilot_test'\"" | grep -q 1 ||
  su postgres -c "createdb -O matchpilot matchpilot_test"

if [ ! -f node_modules/axe-core/axe.min.js ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "test-services: installing axe-core (npm ci)"
  npm ci --no-audit --no-fund --silent
fi

echo "export MATCHPILOT_TEST_POSTGRES_URL='postgresql+psycopg://matchpilot:matchpilot@127.0.0.1:5432/matchpilot_test'" > .test-env
echo "test-services: chromium at /usr/bin/chromium-headless-shell, PostgreSQL $version on 127.0.0.1:5432 (database matchpilot_test)"
