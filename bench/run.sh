#!/usr/bin/env bash
# make bench: every performance budget of the issues, measured on this machine, printed as one table.
#   BENCH_HOUSEHOLDS=1000000 (default)   size of the registry
#   BENCH_SECONDS=10                     length of each wrk run
#   BENCH_REUSE=1                        keep the database of the last run (skips the import)
#   BENCH_DEMANDS=10000000 (default)     demands in the demand-store benchmark (10M loads for about
#                                        an hour on 2 busy cores; BENCH_DEMANDS=1000000 for a quick run)
#   BENCH_DEMANDS_PG=$BENCH_DEMANDS      the same on PostgreSQL (0 = skip PostgreSQL)
#   BENCH_IMPORT_ROWS=1000000 (default)  12345 tickets in the CSV imported into the demo community
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build/release}
LINLI=$PWD/$BUILD/src/app/linli
GEN=$PWD/$BUILD/bench/linli_gen_registry_csv
HH=${BENCH_HOUSEHOLDS:-1000000}
SECS=${BENCH_SECONDS:-10}
OUT=$PWD/bench/out
mkdir -p "$OUT"
source bench/lib.sh

SERVER_PID=
cleanup() {
  [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null || true
  nginx_stop
}
trap cleanup EXIT

echo "== data: $HH households"
CSV=$OUT/registry_$HH.csv
[[ -s $CSV ]] || "$GEN" --households "$HH" --out "$CSV"
ROWS=$(($(wc -l <"$CSV") - 1))
echo "  $ROWS resident rows in $CSV"

DB=$OUT/bench.db
if [[ ${BENCH_REUSE:-0} == 1 && -s $DB ]]; then
  echo "== import skipped (BENCH_REUSE=1: reusing $DB)"
else
  echo "== import (linli import vs sqlite3 .import into equivalent tables)"
  rm -f "$DB" "$DB"-wal "$DB"-shm
  "$LINLI" community add --store "sqlite:$DB" --code 110112004001 --name 四员厅社区 --street 中仓街道 --district 通州区 >/dev/null
  t0=$(date +%s.%N)
  "$LINLI" import households "$CSV" --store "sqlite:$DB" --community 1 >"$OUT/import.log"
  t1=$(date +%s.%N)
  IMPORT_S=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
  SHELL_DB=$OUT/shell.db
  rm -f "$SHELL_DB"
  t0=$(date +%s.%N)
  sed "s|@CSV@|$CSV|" bench/shell_import.sql | sqlite3 "$SHELL_DB" >"$OUT/shell_import.log"
  t1=$(date +%s.%N)
  SHELL_S=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
  RATIO=$(div "$IMPORT_S" "$SHELL_S")
  bench_row "import $HH households / $ROWS residents (CSV)" "${IMPORT_S} s" "<= 60 s" "$(le "$IMPORT_S" 60)"
  bench_row "  sqlite3 .import of the same rows, same tables" "${SHELL_S} s" "" ""
  bench_row "  ratio linli / sqlite3 shell" "$RATIO" "<= 3" "$(le "$RATIO" 3)"

fi

echo "== HTTP on loopback (wrk, 4 connections, ${SECS}s each)"
PORT=18080
"$LINLI" serve --store "sqlite:$DB" --listen 127.0.0.1:$PORT --web-root web/dist --threads 2 >"$OUT/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
BASE=http://127.0.0.1:$PORT
# The API needs a session: a community head of the benchmark community, logged in once.
if ! "$LINLI" user list --store "sqlite:$DB" 2>/dev/null | grep -q bench_head; then
  echo 'Bench@2026' | "$LINLI" user add --username bench_head --role community_head --community 1 --store "sqlite:$DB" >/dev/null
fi
COOKIE=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' -d '{"username":"bench_head","password":"Bench@2026"}' \
  "$BASE/api/v1/auth/login" | tr -d '\r' | awk -F': ' 'tolower($1) == "set-cookie" { split($2, c, ";"); print c[1] }')
[[ -n $COOKIE ]] || { echo "bench: login failed" >&2; exit 1; }
export WRK_HEADER="Cookie: $COOKIE"

# Request paths drawn from the loaded data.
sqlite3 "$DB" "SELECT id FROM households ORDER BY random() LIMIT 2000" | sed 's|^|/api/v1/households/|' >"$OUT/detail.paths"
sqlite3 "$DB" "SELECT id FROM grids" | sed 's|^|/api/v1/households?limit=50\&grid_id=|' >"$OUT/grid.paths"
: >"$OUT/addr.paths"
while IFS='|' read -r compound building; do
  printf '/api/v1/households?limit=50&q=%s\n' "$(urlencode "$compound ${building%%楼*}")" >>"$OUT/addr.paths"
done < <(sqlite3 "$DB" "SELECT c.name, b.name FROM buildings b JOIN compounds c ON c.id = b.compound_id ORDER BY random() LIMIT 300")
: >"$OUT/name.paths"
while read -r name; do
  printf '/api/v1/households?limit=50&q=%s\n' "$(urlencode "${name:0:2}")" >>"$OUT/name.paths"
done < <(sqlite3 "$DB" "SELECT name FROM residents ORDER BY random() LIMIT 300")

read -r rps p50 p99 bad < <(wrk_paths "$OUT/addr.paths" 4 "$SECS" "$BASE")
bench_row "household search by address fragment: p99" "${p99} ms (${rps}/s)${bad:+ $bad}" "< 50 ms" "$(le "$p99" 50)"
read -r rps p50 p99 bad < <(wrk_paths "$OUT/name.paths" 4 "$SECS" "$BASE")
bench_row "household search by name: p99" "${p99} ms (${rps}/s)${bad:+ $bad}" "< 50 ms" "$(le "$p99" 50)"
read -r rps p50 p99 bad < <(wrk_paths "$OUT/detail.paths" 4 "$SECS" "$BASE")
DETAIL_RPS=$rps
bench_row "household detail: p99" "${p99} ms (${rps}/s)${bad:+ $bad}" "< 5 ms" "$(le "$p99" 5)"
read -r rps p50 p99 bad < <(wrk_paths "$OUT/grid.paths" 4 "$SECS" "$BASE")
bench_row "a grid's households, page of 50: p99" "${p99} ms (${rps}/s)${bad:+ $bad}" "< 10 ms" "$(le "$p99" 10)"
# The public notice board (issue 5): a dozen notices in their period, read without a session as a
# phone would; its req/s must reach the household detail's.
LOGIN_JSON=$(curl -s -D "$OUT/notice_login.h" -H 'Content-Type: application/json' \
  -d '{"username":"bench_head","password":"Bench@2026"}' "$BASE/api/v1/auth/login")
NCOOKIE=$(tr -d '\r' <"$OUT/notice_login.h" | awk -F': ' 'tolower($1) == "set-cookie" { split($2, c, ";"); print c[1] }')
CSRF=$(printf '%s' "$LOGIN_JSON" | sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p')
CODE=$(sqlite3 "$DB" "SELECT code FROM communities WHERE id = 1")
ON_BOARD=$(curl -s "$BASE/api/v1/public/notices?community_code=$CODE&limit=1" | sed -n 's/.*"total":\([0-9]*\).*/\1/p')
if ((${ON_BOARD:-0} < 12)); then
  TODAY=$(TZ=Asia/Shanghai date +%F)
  END=$(TZ=Asia/Shanghai date -d '+8 days' +%F)
  for i in $(seq 12); do
    NID=$(curl -s -H "Cookie: $NCOOKIE" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' \
      -d "{\"community_id\":1,\"kind\":\"general\",\"starts_at\":\"$TODAY\",\"ends_at\":\"$END\",\"title\":\"关于小区公共事项的公示（第${i}号）\",\"body\":\"各位居民：\\n\\n经社区两委、居民代表、驻区单位和党员代表四方会谈讨论，现将方案公示如下。公示期内如有意见或异议，请在公示栏留言或到居委会反映。\"}" \
      "$BASE/api/v1/notices" | sed -n 's/^{"id":\([0-9]*\).*/\1/p')
    curl -s -o /dev/null -X POST -H "Cookie: $NCOOKIE" -H "X-CSRF-Token: $CSRF" "$BASE/api/v1/notices/$NID/publish"
  done
fi
echo "/api/v1/public/notices?community_code=$CODE" >"$OUT/board.paths"
read -r rps p50 p99 bad < <(WRK_HEADER= wrk_paths "$OUT/board.paths" 4 "$SECS" "$BASE")
bench_row "public notice board, 12 notices, no login: p99" "${p99} ms (${rps}/s)${bad:+ $bad}" "" ""
bench_row "  req/s board / household detail" "$rps / $DETAIL_RPS" ">= detail" "$(ge "$rps" "$DETAIL_RPS")"
bench_row "server resident memory after the runs" "$(rss_mb "$SERVER_PID") MB" "" ""

echo "== raw HTTP vs nginx (same run, same sizes)"
STATIC=$(mktemp -d /tmp/linli-static.XXXXXX)
chmod 755 "$STATIC"  # nginx's workers run as www-data
curl -s "$BASE/healthz" >"$STATIC/healthz.json"
curl -s -H "$WRK_HEADER" "$BASE$(head -1 "$OUT/detail.paths")" >"$STATIC/detail.json"
chmod 644 "$STATIC"/*.json
nginx_start "$STATIC" 18081
echo /healthz >"$OUT/healthz.paths"
echo /healthz.json >"$OUT/nginx_healthz.paths"
echo /detail.json >"$OUT/nginx_detail.paths"
read -r linli_rps _ _ bad < <(WRK_HEADER= wrk_paths "$OUT/healthz.paths" 4 "$SECS" "$BASE")  # a health checker has no session
read -r nginx_rps _ _ bad < <(WRK_HEADER= wrk_paths "$OUT/nginx_healthz.paths" 4 "$SECS" http://127.0.0.1:18081)
R=$(div "$linli_rps" "$nginx_rps")
bench_row "/healthz req/s (nginx static, same size)" "$linli_rps ($nginx_rps)${bad:+ $bad}" "" ""
bench_row "  ratio linli / nginx" "$R" ">= 0.50" "$(ge "$R" 0.5)"
read -r nginx_detail_rps _ _ bad < <(WRK_HEADER= wrk_paths "$OUT/nginx_detail.paths" 4 "$SECS" http://127.0.0.1:18081)
bench_row "household detail req/s (nginx static, same size)" "$DETAIL_RPS ($nginx_detail_rps)${bad:+ $bad}" "" ""
bench_row "  ratio linli / nginx" "$(div "$DETAIL_RPS" "$nginx_detail_rps")" "" ""
nginx_stop
rm -rf "$STATIC"

echo "== accounts: login and the cost of the session and scope checks (in-process)"
AUTH_CSV=$OUT/auth_bench.csv
"$PWD/$BUILD/bench/linli_auth_bench" --benchmark_format=csv >"$AUTH_CSV" 2>/dev/null
ms() { awk -F, -v n="$1" 'index($1, n) { printf "%.3f", $3 / ($5 == "ms" ? 1 : ($5 == "us" ? 1000 : 1e6)) }' "$AUTH_CSV"; }
LOGIN_MS=$(ms BM_LoginArgon2id)
WITHOUT_MS=$(ms BM_HouseholdDetail_WithoutChecks)
WITH_MS=$(ms BM_HouseholdDetail_WithSessionAndScopeChecks)
ADDED=$(awk -v a="$WITH_MS" -v b="$WITHOUT_MS" 'BEGIN { printf "%.0f", (a / b - 1) * 100 }')
bench_row "login (Argon2id, m=64 MiB, t=2)" "${LOGIN_MS} ms" "" ""
bench_row "household detail in-process, without / with checks" "${WITHOUT_MS} / ${WITH_MS} ms" "" ""
bench_row "  added by the session and scope checks" "${ADDED} %" "< 10 %" "$(le "$ADDED" 10)"

echo "== votes: tally 10,000 dwellings / 10,000 ballots (in-process, median of 51)"
read -r _ TALLY_MS TALLY_WORST_MS TALLY_TOTAL_MS STORE_TALLY_MS STORE_TALLY_WORST_MS < <("$PWD/$BUILD/bench/linli_vote_tally_bench" 2>/dev/null)
bench_row "vote tally, 10,000 dwellings / 10,000 ballots" "${TALLY_MS} ms (worst ${TALLY_WORST_MS})" "< 50 ms" "$(le "$TALLY_MS" 50)"
bench_row "  with building the electorate (headcount voters)" "${TALLY_TOTAL_MS} ms" "< 50 ms" "$(le "$TALLY_TOTAL_MS" 50)"
bench_row "  from the store (SQLite: snapshot + ballots read, counted)" "${STORE_TALLY_MS} ms (worst ${STORE_TALLY_WORST_MS})" "< 50 ms" "$(le "$STORE_TALLY_MS" 50)"

echo "== demands: category suggestion (demo year, held-out 20 %) and duplicate scoring (in-process)"
read -r _ SUG1 SUG3 _ DUP_MS _ < <("$PWD/$BUILD/bench/linli_demand_suggest_bench" 2>/dev/null)
bench_row "demand category suggestion, held-out 20 %: top-1 / top-3" "${SUG1} / ${SUG3} %" "" ""
bench_row "duplicate scoring, 1 text vs 1,000 candidates" "${DUP_MS} ms" "< 20 ms" "$(le "$DUP_MS" 20)"

echo "== demands: the store at scale (in-process; BENCH_DEMANDS=${BENCH_DEMANDS:-10000000}, PostgreSQL BENCH_DEMANDS_PG)"
DEMANDS=${BENCH_DEMANDS:-10000000}
DEMANDS_PG=${BENCH_DEMANDS_PG:-$DEMANDS}
DBENCH=$PWD/$BUILD/bench/linli_demand_store_bench
DDB=$OUT/demands_$DEMANDS.db
DREUSE=()
if [[ ${BENCH_REUSE:-0} == 1 && -s $DDB ]]; then DREUSE=(--reuse); else rm -f "$DDB" "$DDB"-wal "$DDB"-shm; fi
while IFS=$'\t' read -r tag n v b ok; do
  [[ $tag == BENCHROW ]] && bench_row "$n" "$v" "$b" "$ok"
done < <("$DBENCH" --store "sqlite:$DDB" --demands "$DEMANDS" "${DREUSE[@]}" 2>"$OUT/demand_bench_sqlite.log")
if [[ $DEMANDS_PG != 0 ]] && bash scripts/pg.sh start >/dev/null 2>&1; then
  PGURL=$(cat build/pg/url)
  PSQL=/usr/lib/postgresql/15/bin/psql
  if [[ ${BENCH_REUSE:-0} != 1 ]]; then
    "$PSQL" -q "$PGURL" -c "DROP DATABASE IF EXISTS linli_dbench" -c "CREATE DATABASE linli_dbench" >/dev/null
  fi
  while IFS=$'\t' read -r tag n v b ok; do
    [[ $tag == BENCHROW ]] && bench_row "$n" "$v" "$b" "$ok"
  done < <("$DBENCH" --store "${PGURL%/*}/linli_dbench" --demands "$DEMANDS_PG" "${DREUSE[@]}" 2>"$OUT/demand_bench_pg.log")
fi

echo "== demands: importing 12345 tickets from CSV into the demo community (linli import demands; BENCH_IMPORT_ROWS)"
IBENCH=$PWD/$BUILD/bench/linli_demand_import_bench
IROWS=${BENCH_IMPORT_ROWS:-1000000}
ICSV=$OUT/tickets_$IROWS.csv  # written once, kept for the next runs
IDB=$OUT/import_demo.db
rm -f "$IDB" "$IDB"-wal "$IDB"-shm
while IFS=$'\t' read -r tag n v b ok; do
  [[ $tag == BENCHROW ]] && bench_row "$n" "$v" "$b" "$ok"
done < <("$IBENCH" --store "sqlite:$IDB" --rows "$IROWS" --csv "$ICSV" --keep-csv 2>"$OUT/demand_import_sqlite.log")
rm -f "$IDB" "$IDB"-wal "$IDB"-shm
if [[ $DEMANDS_PG != 0 ]] && bash scripts/pg.sh start >/dev/null 2>&1; then
  PGURL=$(cat build/pg/url)
  PSQL=/usr/lib/postgresql/15/bin/psql
  "$PSQL" -q "$PGURL" -c "DROP DATABASE IF EXISTS linli_ibench" -c "CREATE DATABASE linli_ibench" >/dev/null
  while IFS=$'\t' read -r tag n v b ok; do
    [[ $tag == BENCHROW ]] && bench_row "$n" "$v" "$b" "$ok"
  done < <("$IBENCH" --store "${PGURL%/*}/linli_ibench" --rows "$IROWS" --csv "$ICSV" --keep-csv 2>"$OUT/demand_import_pg.log")
  "$PSQL" -q "$PGURL" -c "DROP DATABASE IF EXISTS linli_ibench" >/dev/null
fi

echo "== demands: intake over HTTP (wrk, 8 connections; a no-op POST beside it in the same run)"
source bench/demand_intake.sh

bench_table
