#!/usr/bin/env bash
# Measures `./strangler run --config FILE` -- the shaded jar and the launcher's default JVM options, exactly what
# users run -- against nginx and HAProxy proxying to the same backend, with wrk on loopback. Strangler's
# configuration is a real one: a rollout route, the user key from a header (1,000 users, rotated per request), a
# 50 % cohort, metrics on, and its user states in a Debian PostgreSQL the script starts. Runs, interleaved per
# round: 1 KiB GET, 64 KiB GET, 4 KiB POST (64 connections each), 1 KiB GET with 1,000 connections; on request
# (RUNS), slowloris: legitimate 1 KiB GETs on 16 connections idle (idle16) and while slowhttptest holds 1,000
# slow-header connections open against the same target (slow16); the report then gives each target's p99 ratio.
# Reports median req/s, p50, p99, errors, ratios to nginx and Strangler's RSS after each run.
# The backend and the proxies share CPU 0; wrk runs on CPU 1. Everything listens on 127.0.0.1 only.
#
#   bench/proxy.sh                          # 5 rounds of 10 s per run and target
#   ROUNDS=3 DURATION=5 bench/proxy.sh
#   VARIANTS='strangler-nio|STRANGLER_TRANSPORT=nio
#   strangler-g1|STRANGLER_JAVA_OPTS=-XX:+UseG1GC -Xmx160m' bench/proxy.sh    # more Strangler targets, each
#                                           # "name|VAR=value;VAR=value" (environment of its ./strangler run)
#   RUNS="get1k get64k" bench/proxy.sh      # a subset of get1k get64k post4k c1000 idle16 slow16
#   RUNS="idle16 slow16" bench/proxy.sh     # slowloris: legitimate p99 with 1,000 slow connections vs idle
#
# Needs: wrk, nginx, haproxy, taskset, PostgreSQL server binaries (apt-get install wrk nginx haproxy util-linux
# postgresql), Java 17; slowhttptest and ss for slow16 (apt-get install slowhttptest iproute2). Builds the jar through ./strangler if sources changed. Appends its table to
# bench/results/proxy.md (newest first).
set -euo pipefail

ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-10}
PROXY_CPU=${PROXY_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
USERS=${USERS:-1000}
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
BACKEND_PORT=18080 NGINX_PORT=18081 HAPROXY_PORT=18082 PG_PORT=18070 STRANGLER_PORT0=18090 ADMIN_PORT0=18190
read -r -a RUNS <<< "${RUNS:-get1k get64k post4k c1000}"

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/strangler-bench.XXXXXX)
chmod 755 "$WORK"   # nginx workers (nobody) read the static files; PostgreSQL (postgres) keeps its data here
PIDS=()
STRANGLER_PIDS=()
cleanup() {
  # Strangler first, with SIGTERM, so it drains and its JVM writes any flight recording it was asked for.
  for pid in "${STRANGLER_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${STRANGLER_PIDS[@]}"; do timeout 30 tail --pid="$pid" -f /dev/null 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$WORK/pg/postmaster.pid" ] && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

for tool in wrk nginx haproxy taskset runuser; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install wrk nginx haproxy)" >&2; exit 2; }
done
[ -x "$PG_BIN/initdb" ] || { echo "bench: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 2; }
# 1,000 client connections, and as many to the backend, per proxy.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" -ge 4096 ] || { echo "bench: ulimit -n is $(ulimit -n); 1,000 connections need more" >&2; exit 2; }

# --- the backend: nginx serving two static files and accepting uploads ------------------------------------------
mkdir -p "$WORK/www" "$WORK/nginx-backend" "$WORK/nginx-proxy"
head -c 1024 /dev/urandom > "$WORK/www/1k.bin"
head -c 65536 /dev/urandom > "$WORK/www/64k.bin"
cat > "$WORK/nginx-backend/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $WORK/nginx-backend/nginx.pid;
error_log $WORK/nginx-backend/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  keepalive_timeout 120s;
  client_body_temp_path $WORK/nginx-backend;
  proxy_temp_path $WORK/nginx-backend;
  server {
    listen 127.0.0.1:$BACKEND_PORT;
    root $WORK/www;
    location = /upload { client_max_body_size 1m; return 200 "stored\n"; }
  }
}
CONF
# --- nginx as a reverse proxy -----------------------------------------------------------------------------------
cat > "$WORK/nginx-proxy/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $WORK/nginx-proxy/nginx.pid;
error_log $WORK/nginx-proxy/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout 120s;
  client_body_temp_path $WORK/nginx-proxy;
  proxy_temp_path $WORK/nginx-proxy;
  upstream backend { server 127.0.0.1:$BACKEND_PORT; keepalive 64; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    }
  }
}
CONF
# --- HAProxy ------------------------------------------------------------------------------------------------------
cat > "$WORK/haproxy.cfg" <<CONF
global
  nbthread 1
  maxconn 8192
defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  option http-keep-alive
  option forwardfor
frontend web
  bind 127.0.0.1:$HAPROXY_PORT
  default_backend app
backend app
  http-reuse always
  server backend 127.0.0.1:$BACKEND_PORT maxconn 64
CONF
taskset -c "$PROXY_CPU" nginx -c "$WORK/nginx-backend/nginx.conf" & PIDS+=($!)
taskset -c "$PROXY_CPU" nginx -c "$WORK/nginx-proxy/nginx.conf" & PIDS+=($!)
taskset -c "$PROXY_CPU" haproxy -f "$WORK/haproxy.cfg" -q & PIDS+=($!)

# --- PostgreSQL: the legacy and modern databases, the modern one holding Strangler's user states ----------------
mkdir -p "$WORK/pg" && chown postgres: "$WORK/pg"
runuser -u postgres -- "$PG_BIN/initdb" -D "$WORK/pg" --auth=trust -U postgres >/dev/null
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg" -w -l "$WORK/pg/log" \
  -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $WORK/pg -c fsync=off -c max_connections=200" start >/dev/null
psql() { runuser -u postgres -- "$PG_BIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 "$@"; }
psql -c "CREATE DATABASE bench_legacy" -c "CREATE DATABASE bench_modern"
psql -d bench_legacy -c "CREATE TABLE customers (customer_id text PRIMARY KEY, company_name text NOT NULL,
  migrated_at timestamptz); INSERT INTO customers SELECT 'u' || i, 'Company ' || i, NULL FROM generate_series(1, $USERS) i"
psql -d bench_modern -c "CREATE TABLE customer (id text PRIMARY KEY, name text NOT NULL)"

# --- Strangler: ./strangler run, once per variant ------------------------------------------------------------------
cd "$ROOT"
./strangler --help >/dev/null   # builds the jar now if sources changed, not while a JVM is being timed
STRANGLERS=(strangler)
declare -A STRANGLER_ENV=([strangler]="")
while IFS='|' read -r name env; do
  [ -n "$name" ] || continue
  STRANGLERS+=("$name"); STRANGLER_ENV[$name]=$env
done <<< "${VARIANTS:-}"
declare -A PORTS=([backend]=$BACKEND_PORT [nginx]=$NGINX_PORT [haproxy]=$HAPROXY_PORT) PID_OF=()
i=0
for name in "${STRANGLERS[@]}"; do
  port=$((STRANGLER_PORT0 + i)) admin=$((ADMIN_PORT0 + i)); i=$((i + 1))
  PORTS[$name]=$port
  cat > "$WORK/$name.yaml" <<YAML
server: { host: 127.0.0.1, port: $port, drainTimeout: 1s }
admin: { host: 127.0.0.1, port: $admin, token: "bench-token-not-a-secret-0123456789" }
upstreams:
  legacy: { url: "http://127.0.0.1:$BACKEND_PORT", poolSize: 64 }
  modern: { url: "http://127.0.0.1:$BACKEND_PORT", poolSize: 64 }
identity:
  - header: X-User-Id
routing:
  salt: bench-2026
  routes:
    - { id: static-assets, path: "/assets/**", to: legacy }
    - { id: everything, path: "/**", to: rollout }
  cohorts:
    - { name: staff, users: [u1, u2, u3], percent: 100 }
    - { name: everyone, percent: 50 }
migration:
  legacy: "postgresql://postgres@127.0.0.1:$PG_PORT/bench_legacy"
  modern: "postgresql://postgres@127.0.0.1:$PG_PORT/bench_modern"
  users: "SELECT customer_id FROM customers ORDER BY customer_id"
  entities:
    - name: customer
      fetch: "SELECT * FROM customers WHERE customer_id = \$1"
      map: { id: row.customer_id, name: row.company_name }
      upsert: "INSERT INTO customer (id, name) VALUES (:id, :name) ON CONFLICT (id) DO NOTHING"
  cleaned: "UPDATE customers SET migrated_at = now() WHERE customer_id = \$1"
YAML
  envs=()
  IFS=';' read -r -a envs <<< "${STRANGLER_ENV[$name]}"
  env ${envs[@]+"${envs[@]}"} taskset -c "$PROXY_CPU" ./strangler run --config "$WORK/$name.yaml" \
    > "$WORK/$name.log" 2>&1 &
  PID_OF[$name]=$!; STRANGLER_PIDS+=($!)
done
for name in "${STRANGLERS[@]}"; do
  # Up to 5 minutes: several JVMs starting at once on one shared core are slow to compile their expressions.
  for _ in $(seq 1 600); do
    grep -q 'proxy listening' "$WORK/$name.log" 2>/dev/null && break
    kill -0 "${PID_OF[$name]}" 2>/dev/null || break
    sleep 0.5
  done
  grep -q 'proxy listening' "$WORK/$name.log" || { echo "bench: $name did not start" >&2; cat "$WORK/$name.log" >&2; exit 1; }
  echo "bench: $name: $(grep -o '"transport":"[a-z_]*"' "$WORK/$name.log" | head -n 1)" >&2
done

# --- measuring ---------------------------------------------------------------------------------------------------
# One wrk script: each request carries the next of $USERS user keys, so the cohort splits them and the state store
# is asked for each user once per facts-cache lifetime, as with real traffic.
cat > "$WORK/users.lua" <<LUA
local n = 0
local method = os.getenv("BENCH_METHOD")
local body = nil
if method == "POST" then body = string.rep("x", 4096) end
request = function()
  n = n + 1
  local headers = { ["X-User-Id"] = "u" .. (n % $USERS + 1) }
  if body then headers["Content-Type"] = "application/octet-stream" end
  return wrk.format(method, nil, headers, body)
end
LUA
declare -A RUN_PATH=([get1k]=/1k.bin [get64k]=/64k.bin [post4k]=/upload [c1000]=/1k.bin [idle16]=/1k.bin [slow16]=/1k.bin)
declare -A RUN_METHOD=([get1k]=GET [get64k]=GET [post4k]=POST [c1000]=GET [idle16]=GET [slow16]=GET)
declare -A RUN_CONNECTIONS=([get1k]=64 [get64k]=64 [post4k]=64 [c1000]=1000 [idle16]=16 [slow16]=16)
for run in "${RUNS[@]}"; do
  [ -n "${RUN_PATH[$run]:-}" ] || { echo "bench: unknown run $run (get1k get64k post4k c1000 idle16 slow16)" >&2; exit 2; }
  if [ "$run" = slow16 ]; then
    for tool in slowhttptest ss; do
      command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install slowhttptest iproute2)" >&2; exit 2; }
    done
  fi
done
TARGETS=(nginx haproxy "${STRANGLERS[@]}")

to_ms() {  # wrk latency (e.g. 1.23ms, 850.00us, 1.02s) to milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}
SLOW_CONNECTIONS=${SLOW_CONNECTIONS:-1000}
slow_attack() {  # target seconds -> starts slowhttptest (slowloris) against the target, returns once its connections are open
  local port=${PORTS[$1]} open=0
  taskset -c "$CLIENT_CPU" slowhttptest -H -c "$SLOW_CONNECTIONS" -r "$SLOW_CONNECTIONS" -i 5 -x 24 -p 3 -l "$2" \
    -u "http://127.0.0.1:$port/1k.bin" > "$WORK/slowhttptest.log" 2>&1 &
  SLOW_PID=$!
  # Established client connections to the target, the attacker's included; it reconnects those a server closes.
  for _ in $(seq 1 120); do
    open=$(ss -Htn state established "( dport = :$port )" | wc -l)
    [ "$open" -ge $((SLOW_CONNECTIONS * 9 / 10)) ] && break
    sleep 0.5
  done
  echo "$open" >> "$WORK/$1-slow-open.txt"
}
run_wrk() {  # target run seconds -> "rps p50ms p99ms errors rssMB"
  local out errors rss=0
  [ "$2" = slow16 ] && slow_attack "$1" $(( $3 + 60 ))
  out=$(BENCH_METHOD=${RUN_METHOD[$2]} taskset -c "$CLIENT_CPU" wrk -t1 -c"${RUN_CONNECTIONS[$2]}" -d"$3"s \
        --timeout 10s --latency -s "$WORK/users.lua" "http://127.0.0.1:${PORTS[$1]}${RUN_PATH[$2]}")
  if [ "$2" = slow16 ]; then kill "$SLOW_PID" 2>/dev/null || true; wait "$SLOW_PID" 2>/dev/null || true; fi
  errors=$(echo "$out" | awk '/Socket errors/ { gsub(",", ""); n += $4 + $6 + $8 + $10 } /Non-2xx/ { n += $5 } END { print n + 0 }')
  [ -n "${PID_OF[$1]:-}" ] && rss=$(( $(ps -o rss= -p "${PID_OF[$1]}" | tr -d ' ') / 1024 ))
  echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $(to_ms "$(echo "$out" | awk '$1=="50%" {print $2}')") $(to_ms "$(echo "$out" | awk '$1=="99%" {print $2}')") $errors $rss"
}
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
column() { cut -d' ' -f"$1" "$WORK/$2-$3.txt"; }

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
# Warm-up: the JVMs compile their hot paths, and the users in the cohort are migrated on their first request.
for target in "${TARGETS[@]}"; do for run in "${RUNS[@]}"; do
  case "$target" in strangler*) run_wrk "$target" "$run" "$WARMUP" >/dev/null ;; *) run_wrk "$target" "$run" 2 >/dev/null ;; esac
done; done
for round in $(seq 1 "$ROUNDS"); do
  for run in "${RUNS[@]}"; do
    for target in "${TARGETS[@]}"; do
      run_wrk "$target" "$run" "$DURATION" >> "$WORK/$target-$run.txt"
    done
  done
  echo "bench: round $round of $ROUNDS done (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
done

# --- reporting -----------------------------------------------------------------------------------------------------
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo "## $(date -u '+%Y-%m-%d %H:%M UTC') — $(nproc) CPUs, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
  echo
  echo "\`ROUNDS=$ROUNDS DURATION=$DURATION RUNS=\"${RUNS[*]}\" bench/proxy.sh\`${VARIANTS:+ with VARIANTS:}"
  [ -n "${VARIANTS:-}" ] && echo "$VARIANTS" | sed 's/^/    /'
  echo
  echo "wrk -t1, $ROUNDS interleaved rounds of ${DURATION}s, medians; backend and proxies on CPU $PROXY_CPU, wrk on"
  echo "CPU $CLIENT_CPU; $USERS users rotated per request. Load average at start $LOAD_START, at end $LOAD_END."
  echo "Strangler: \`./strangler run\` with the launcher's default JVM options; transport: $(grep -o '"transport":"[a-z_]*"' "$WORK/strangler.log" | head -n 1 | cut -d'"' -f4)."
  echo
  echo "| run | target | req/s | p50 ms | p99 ms | errors | req/s vs nginx | p99 vs nginx | RSS MB (max) |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
  for run in "${RUNS[@]}"; do
    nginx_rps=$(column 1 nginx "$run" | median)
    nginx_p99=$(column 3 nginx "$run" | median)
    for target in "${TARGETS[@]}"; do
      rps=$(column 1 "$target" "$run" | median)
      p50=$(column 2 "$target" "$run" | median)
      p99=$(column 3 "$target" "$run" | median)
      errors=$(column 4 "$target" "$run" | awk '{ n += $1 } END { print n }')
      rss=$(column 5 "$target" "$run" | sort -g | tail -n 1)
      [ "$rss" = 0 ] && rss=—
      printf '| %s | %s | %.0f | %.2f | %.2f | %s | %.2f | %.2f | %s |\n' "$run" "$target" "$rps" "$p50" "$p99" "$errors" \
        "$(awk -v a="$rps" -v b="$nginx_rps" 'BEGIN { print a / b }')" \
        "$(awk -v a="$p99" -v b="$nginx_p99" 'BEGIN { print a / b }')" "$rss"
    done
  done
  echo
  echo "Errors: wrk's socket errors plus non-2xx responses, summed over all rounds. RSS: after each run, the largest."
  if [[ " ${RUNS[*]} " == *" idle16 "* && " ${RUNS[*]} " == *" slow16 "* ]]; then
    echo
    echo "Slowloris: slowhttptest -H with $SLOW_CONNECTIONS connections (headers trickled every 5 s) against the same"
    echo "target during slow16. Legitimate p99 under attack divided by idle p99 (median of rounds); connections the"
    echo "attacker had open when wrk started (median):"
    echo
    echo "| target | idle16 p99 ms | slow16 p99 ms | ratio | attack connections open |"
    echo "|---|---:|---:|---:|---:|"
    for target in "${TARGETS[@]}"; do
      idle=$(column 3 "$target" idle16 | median); slow=$(column 3 "$target" slow16 | median)
      printf '| %s | %.2f | %.2f | %.2f | %s |\n' "$target" "$idle" "$slow" \
        "$(awk -v a="$slow" -v b="$idle" 'BEGIN { print a / b }')" "$(median < "$WORK/$target-slow-open.txt")"
    done
  fi
} | tee "$WORK/table.md"
mkdir -p "$ROOT/bench/results"
if [ -f "$ROOT/bench/results/proxy.md" ]; then
  { head -n 2 "$ROOT/bench/results/proxy.md"; cat "$WORK/table.md"; echo; tail -n +3 "$ROOT/bench/results/proxy.md"; } \
    > "$WORK/all.md"
  mv "$WORK/all.md" "$ROOT/bench/results/proxy.md"
else
  { echo "# Proxy benchmark runs (newest first; produced by bench/proxy.sh)"; echo; cat "$WORK/table.md"; } \
    > "$ROOT/bench/results/proxy.md"
fi
