#!/usr/bin/env bash
# Demand intake throughput over HTTP: POST /api/v1/demands (stored and committed before the 201)
# beside POST /api/v1/bench/noop (the same authorisation, JSON parsing and checks, nothing stored),
# wrk with 8 connections in the same run, on a fresh SQLite database with a demo community.
#   bench/demand_intake.sh [BUILD_DIR]     BENCH_SECONDS=10   BENCH_DEMAND_HOUSEHOLDS=3000
#   BENCH_INTAKE_PORT=18090  BENCH_INTAKE_OUT=bench/out/intake (to run beside another copy)
#   BENCH_INTAKE_THREADS=8 (server handler threads: intakes are group-committed, one transaction
#   for the intakes waiting together, so up to 8 handlers are in flight, one per connection)
# Budget (issue 4): >= 5,000 intakes/s, p99 < 20 ms. bench/run.sh sources it (its rows join the
# table); it runs alone too. It also prints intakes per commit and the COMMIT's mean time (from
# /metrics, as the admin bench_admin), the intake/no-op ratio and the load average: the machine's
# other work shows in both routes of the same run.
set -euo pipefail
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  cd "$(dirname "$0")/.."
  BUILD=${1:-build/release}
fi
BUILD=${BUILD:-build/release}
LINLI=$PWD/$BUILD/src/app/linli
SECS=${BENCH_SECONDS:-10}
IHH=${BENCH_DEMAND_HOUSEHOLDS:-3000}
IOUT=${BENCH_INTAKE_OUT:-$PWD/bench/out/intake}
IPORT=${BENCH_INTAKE_PORT:-18090}
ITHREADS=${BENCH_INTAKE_THREADS:-8}
mkdir -p "$IOUT"
declare -F bench_row >/dev/null || source bench/lib.sh

rm -rf "$IOUT/intake.db" "$IOUT/intake.db-wal" "$IOUT/intake.db-shm" "$IOUT/intake.key" "$IOUT/attachments"
IDB=$IOUT/intake.db
"$LINLI" demo --store "sqlite:$IDB" --households "$IHH" >"$IOUT/demo.log" 2>&1
echo 'Bench@2026' | "$LINLI" user add --username bench_intake --role community_head --community 1 --store "sqlite:$IDB" >/dev/null
echo 'Bench@2026' | "$LINLI" user add --username bench_admin --role admin --store "sqlite:$IDB" >/dev/null

LINLI_BENCH_NOOP_ROUTE=1 LINLI_ATTACHMENTS_DIR=$IOUT/attachments \
  "$LINLI" serve --store "sqlite:$IDB" --listen 127.0.0.1:$IPORT --web-root web/dist --threads "$ITHREADS" --log-level warn \
  >"$IOUT/serve.log" 2>&1 &
INTAKE_PID=$!
if declare -F cleanup >/dev/null; then
  trap 'kill $INTAKE_PID 2>/dev/null || true; cleanup' EXIT  # sourced by run.sh: keep its cleanup
else
  trap 'kill $INTAKE_PID 2>/dev/null || true' EXIT
fi
IBASE=http://127.0.0.1:$IPORT
for _ in $(seq 100); do curl -sf "$IBASE/healthz" >/dev/null && break; sleep 0.2; done
LOGIN=$(curl -s -D "$IOUT/login.headers" -H 'Content-Type: application/json' \
  -d '{"username":"bench_intake","password":"Bench@2026"}' "$IBASE/api/v1/auth/login")
export WRK_COOKIE WRK_CSRF
WRK_COOKIE=$(tr -d '\r' <"$IOUT/login.headers" | awk -F': ' 'tolower($1) == "set-cookie" { split($2, c, ";"); print c[1] }')
WRK_CSRF=$(printf '%s' "$LOGIN" | sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p')
[[ -n $WRK_COOKIE && -n $WRK_CSRF ]] || { echo "demand_intake: login failed: $LOGIN" >&2; exit 1; }
# Half the addresses resolve to a household (the registry's own), half are free text.
sqlite3 "$IDB" "SELECT c.name || ' ' || b.name || ' ' || u.name || ' ' || h.door FROM households h
  JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id JOIN compounds c ON c.id = b.compound_id
  ORDER BY random() LIMIT 500" >"$IOUT/addresses"
for i in $(seq 500); do echo "幸福路 $i 号底商"; done >>"$IOUT/addresses"
export WRK_ADDRESSES=$IOUT/addresses

intake() {  # intake PATH -> "rps p50 p99 bad"
  WRK_TARGET=$1 wrk -t2 -c8 -d"${SECS}s" -s bench/demand_intake.lua "$IBASE" 2>&1 |
    awk '/^WRKRESULT/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
                        bad = (v["non2xx"] > 0 || v["errors"] > 0) ? "ERRORS:" v["non2xx"] "non2xx," v["errors"] "socket" : ""
                        print v["rps"], v["p50_ms"], v["p99_ms"], bad }'
}
# A check that the real route answers 201 before measuring.
code=$(curl -s -o "$IOUT/first.json" -w '%{http_code}' -H "Cookie: $WRK_COOKIE" -H "X-CSRF-Token: $WRK_CSRF" \
  -H 'Content-Type: application/json' -d '{"channel":"phone","nature":"help","category_code":"heating","urgency":"normal",
  "description":"暖气不热","address_text":"幸福路 1 号","reporter_phone":"13812345678"}' "$IBASE/api/v1/demands")
[[ $code == 201 ]] || { echo "demand_intake: POST /api/v1/demands answered $code: $(cat "$IOUT/first.json")" >&2; exit 1; }

echo "== demand intake over HTTP (wrk, 8 connections, ${SECS}s each, $IHH demo households, $ITHREADS server threads)"
read -r nrps np50 np99 nbad < <(intake /api/v1/bench/noop)
bench_row "intake no-op POST (parse + checks, nothing stored)" "${nrps}/s, p99 ${np99} ms${nbad:+ $nbad}" "" ""
read -r rps p50 p99 bad < <(intake /api/v1/demands)
bench_row "intake POST /api/v1/demands (committed before 201)" "${rps}/s${bad:+ $bad}" ">= 5000/s" "$(ge "$rps" 5000)"
bench_row "  intake p99 (p50 ${p50} ms)" "${p99} ms" "< 20 ms" "$(le "$p99" 20)"
bench_row "  demands in the database (demo year + intake)" "$(sqlite3 "$IDB" 'SELECT COUNT(*) FROM demands')" "" ""
# Group commit (store/group_commit.h): intakes per transaction and the COMMIT's time, from /metrics.
curl -s -c "$IOUT/admin.cookies" -H 'Content-Type: application/json' \
  -d '{"username":"bench_admin","password":"Bench@2026"}' "$IBASE/api/v1/auth/login" >/dev/null
curl -s -b "$IOUT/admin.cookies" "$IBASE/metrics" >"$IOUT/metrics.txt" || true
read -r intakes batches commit_ms < <(awk -F'[{}" ]+' '
  /^linli_store_operation_duration_seconds_count/ && /op="?CreateDemand"?[},]/ { n = $NF }
  /^linli_store_operation_duration_seconds_count/ && /CreateDemand.batch/ { b = $NF }
  /^linli_store_operation_duration_seconds_sum/ && /CreateDemand.commit/ { cs = $NF }
  /^linli_store_operation_duration_seconds_count/ && /CreateDemand.commit/ { cn = $NF }
  END { printf "%d %d %.2f\n", n, b, cn ? cs / cn * 1000 : 0 }' "$IOUT/metrics.txt")
bench_row "  intakes per commit (group commit; mean COMMIT ms)" "$(div "$intakes" "$batches") (${commit_ms} ms)" "" ""
bench_row "  intake / no-op throughput (same run)" "$(div "$rps" "$nrps")" "" ""
bench_row "  load average during the run (1 min; $(nproc) cores)" "$(cut -d' ' -f1 /proc/loadavg)" "" ""
kill $INTAKE_PID 2>/dev/null || true
wait $INTAKE_PID 2>/dev/null || true
