# Helpers for bench/run.sh: wrk runs, an nginx on loopback, a results table.
# shellcheck shell=bash

BENCH_ROWS=()
# bench_row NAME VALUE BUDGET VERDICT
bench_row() { BENCH_ROWS+=("$1|$2|$3|$4"); printf '  %-58s %s\n' "$1" "$2"; }

bench_table() {
  printf '\n%-60s | %-22s | %-16s | %s\n' "benchmark" "measured" "budget" "ok"
  printf '%s\n' "-------------------------------------------------------------+------------------------+------------------+-----"
  local r
  for r in "${BENCH_ROWS[@]}"; do
    IFS='|' read -r n v b ok <<<"$r"
    printf '%-60s | %-22s | %-16s | %s\n' "$n" "$v" "$b" "$ok"
  done
}

# wrk_paths FILE CONNECTIONS SECONDS BASE_URL -> prints "rps p50 p99" (ms)
wrk_paths() {
  local file=$1 conns=$2 secs=$3 base=$4 threads=2
  ((conns < threads)) && threads=$conns
  local header=()
  [[ -n ${WRK_HEADER:-} ]] && header=(-H "$WRK_HEADER")  # e.g. the session cookie
  WRK_PATHS=$file wrk -t"$threads" -c"$conns" -d"${secs}s" "${header[@]}" -s bench/wrk_paths.lua "$base" 2>&1 |
    awk '/^WRKRESULT/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
                        bad = (v["non2xx"] > 0 || v["errors"] > 0) ? "ERRORS:" v["non2xx"] "non2xx," v["errors"] "socket" : ""
                        print v["rps"], v["p50_ms"], v["p99_ms"], bad }'
}

# le A B -> "yes" when A <= B (floats)
le() { awk -v a="$1" -v b="$2" 'BEGIN { print (a <= b) ? "yes" : "NO" }'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { print (a >= b) ? "yes" : "NO" }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "inf"; else printf "%.2f", a / b }'; }

NGINX_PID=
# nginx_start DIR PORT: serves DIR statically on 127.0.0.1:PORT, remembers its PID.
nginx_start() {
  local dir=$1 port=$2 conf
  conf=$(mktemp -d /tmp/linli-nginx.XXXXXX)
  cat >"$conf/nginx.conf" <<NGX
worker_processes 1;
pid $conf/nginx.pid;
error_log $conf/error.log;
daemon on;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  keepalive_requests 1000000;
  default_type application/json;
  client_body_temp_path $conf/body; proxy_temp_path $conf/proxy; fastcgi_temp_path $conf/fcgi;
  uwsgi_temp_path $conf/uwsgi; scgi_temp_path $conf/scgi;
  server { listen 127.0.0.1:$port; root $dir; }
}
NGX
  nginx -c "$conf/nginx.conf" -p "$conf"
  for _ in $(seq 50); do [[ -s $conf/nginx.pid ]] && break; sleep 0.1; done
  NGINX_PID=$(cat "$conf/nginx.pid")
  NGINX_DIR=$conf
}
nginx_stop() {
  if [[ -n ${NGINX_PID:-} ]]; then kill "$NGINX_PID" 2>/dev/null || true; NGINX_PID=; rm -rf "$NGINX_DIR"; fi
}

# urlencode STRING (UTF-8 safe, no python needed)
urlencode() {
  local LC_ALL=C s=$1 out= c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case $c in [a-zA-Z0-9._~-]) out+=$c ;; *) out+=$(printf '%%%02X' "'$c") ;; esac
  done
  printf '%s' "$out"
}

rss_mb() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
