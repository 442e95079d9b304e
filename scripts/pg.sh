#!/usr/bin/env bash
# A private PostgreSQL 15 cluster for tests and benchmarks.
#   scripts/pg.sh start   install postgresql-15 if missing, init + start a cluster on 127.0.0.1
#   scripts/pg.sh url     print the connection URL (postgresql://postgres@127.0.0.1:PORT/postgres)
#   scripts/pg.sh stop    stop the cluster this script started and remove its data directory
#   scripts/pg.sh status  exit 0 when it runs
# State lives in build/pg/ (pid, url, dir, port). Idempotent; never prompts. Port: $LINLI_PG_PORT
# or the first free one from 55432.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$ROOT/build/pg"
BIN=/usr/lib/postgresql/15/bin
mkdir -p "$STATE"

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

running() {
  [ -f "$STATE/pid" ] && kill -0 "$(cat "$STATE/pid")" 2>/dev/null
}

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

install_pg() {
  [ -x "$BIN/initdb" ] && return 0
  echo "pg.sh: installing postgresql-15" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql-15 >/dev/null
}

start() {
  if running; then
    cat "$STATE/url"
    return 0
  fi
  install_pg
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi
  local port="${LINLI_PG_PORT:-55432}"
  while ! port_free "$port"; do port=$((port + 1)); done
  # A stale directory from an earlier run that was not stopped cleanly.
  if [ -f "$STATE/dir" ]; then rm -rf "$(cat "$STATE/dir")"; fi
  local dir
  dir="$(mktemp -d /tmp/linli-pg.XXXXXX)"
  echo "$dir" >"$STATE/dir"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
  chmod 700 "$dir"
  as_pg "$BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$STATE/initdb.log" 2>&1
  as_pg "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null
  head -1 "$dir/data/postmaster.pid" >"$STATE/pid"
  echo "$port" >"$STATE/port"
  echo "postgresql://postgres@127.0.0.1:$port/postgres" >"$STATE/url"
  for _ in $(seq 1 60); do
    if as_pg "$BIN/pg_isready" -h 127.0.0.1 -p "$port" -q; then
      cat "$STATE/url"
      return 0
    fi
    sleep 0.5
  done
  echo "pg.sh: server did not become ready; see $dir/server.log" >&2
  return 1
}

stop() {
  if running; then
    local pid
    pid="$(cat "$STATE/pid")"
    kill -INT "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  if [ -f "$STATE/dir" ]; then rm -rf "$(cat "$STATE/dir")"; fi
  rm -f "$STATE/pid" "$STATE/url" "$STATE/port" "$STATE/dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url)
    if running; then cat "$STATE/url"; else echo "pg.sh: not running (scripts/pg.sh start)" >&2; exit 1; fi
    ;;
  status) running ;;
  *)
    echo "usage: $0 start|stop|url|status" >&2
    exit 2
    ;;
esac
