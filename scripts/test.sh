#!/usr/bin/env bash
# The whole suite, as CI runs it: C++ tests (domain, io, store contract on SQLite AND a private
# PostgreSQL, http, api) through ctest, then the browser tests in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build/release}

bash scripts/pg.sh start
trap 'bash scripts/pg.sh stop' EXIT
export LINLI_TEST_PG_URL
LINLI_TEST_PG_URL=$(cat build/pg/url)

echo "== C++ tests (ctest)"
ctest --test-dir "$BUILD" --output-on-failure -j2 --timeout 600

if [[ -d web/e2e ]]; then
  echo "== browser tests (headless Chromium)"
  LINLI_BIN="$PWD/$BUILD/src/app/linli" LINLI_WEB_ROOT="$PWD/web/dist" node --test --test-concurrency=1 web/e2e/
fi
