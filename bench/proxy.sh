#!/usr/bin/env bash
# Measures Strangler against nginx and HAProxy as reverse proxies, and against the backend alone, with wrk on
# loopback: 1 KiB and 64 KiB responses, 64 connections, several interleaved rounds, medians.
# The backend (nginx serving static files) and the proxy under test share CPU 0; wrk runs on CPU 1.
#
#   bench/proxy.sh                    # 5 rounds of 10 s per target and size
#   ROUNDS=3 DURATION=5 bench/proxy.sh
#
# Needs: wrk, nginx, haproxy, taskset (apt-get install wrk nginx haproxy util-linux), Java 17, and the
# project built once (the script builds bench/jmh, which holds the programs measured). Writes the table to
# bench/results/proxy.md.
set -euo pipefail

ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
PROXY_CPU=${PROXY_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
BACKEND_PORT=18080 NGINX_PORT=18081 HAPROXY_PORT=18082 STRANGLER_PORT=18083 ADMIN_PORT=18093 VHP_PORT=18084

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/strangler-bench.XXXXXX)
chmod 755 "$WORK"   # nginx workers run as nobody and must read the static files
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

for tool in wrk nginx haproxy taskset; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install wrk nginx haproxy)" >&2; exit 2; }
done

# --- the backend: nginx serving two static files -------------------------------------------------------------
mkdir -p "$WORK/www" "$WORK/nginx-backend" "$WORK/nginx-proxy"
head -c 1024 /dev/urandom > "$WORK/www/1k.bin"
head -c 65536 /dev/urandom > "$WORK/www/64k.bin"
mkdir -p "$WORK/www/assets" && cp "$WORK/www/"*.bin "$WORK/www/assets/"
cat > "$WORK/nginx-backend/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $WORK/nginx-backend/nginx.pid;
error_log $WORK/nginx-backend/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  keepalive_timeout 120s;
  client_body_temp_path $WORK/nginx-backend;
  proxy_temp_path $WORK/nginx-backend;
  server { listen 127.0.0.1:$BACKEND_PORT; root $WORK/www; }
}
CONF
# --- nginx as a reverse proxy -----------------------------------------------------------------------------------
cat > "$WORK/nginx-proxy/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $WORK/nginx-proxy/nginx.pid;
error_log $WORK/nginx-proxy/error.log warn;
events { worker_connections 4096; }
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
  maxconn 4096
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

# --- Strangler -----------------------------------------------------------------------------------------------
cd "$ROOT"
./mvnw -B -q -pl bench/jmh -am package -DskipTests >/dev/null
CLASSPATH="$ROOT/bench/jmh/target/classes:$(cat "$ROOT/bench/jmh/target/classpath.txt")"
taskset -c "$PROXY_CPU" java -Xms128m -Xmx128m -XX:MaxDirectMemorySize=64m -XX:+UseParallelGC \
  -cp "$CLASSPATH" dev.strangler.bench.proxy.BenchStrangler "$STRANGLER_PORT" "$ADMIN_PORT" "$BACKEND_PORT" \
  > "$WORK/strangler.log" 2>&1 & STRANGLER_PID=$!
PIDS+=($STRANGLER_PID)
# The same data plane question answered by vertx-http-proxy alone (64-connection pool, 64 KiB chunks).
taskset -c "$PROXY_CPU" java -Xms128m -Xmx128m -XX:MaxDirectMemorySize=64m -XX:+UseParallelGC \
  -cp "$CLASSPATH" dev.strangler.bench.proxy.BenchHttpProxy "$VHP_PORT" "$BACKEND_PORT" \
  > "$WORK/vhp.log" 2>&1 & PIDS+=($!)
for log in strangler vhp; do
  for _ in $(seq 1 240); do
    grep -q '^ready' "$WORK/$log.log" 2>/dev/null && break
    sleep 0.5
  done
  grep -q '^ready' "$WORK/$log.log" || { echo "bench: $log did not start" >&2; cat "$WORK/$log.log" >&2; exit 1; }
done

# --- measuring ---------------------------------------------------------------------------------------------------
# strangler: a rollout route, user looked up (cached) and decided; strangler-fixed: a fixed legacy route
# (/assets/**), no user lookup, to show what the decision costs.
declare -A PORTS=([backend]=$BACKEND_PORT [nginx]=$NGINX_PORT [haproxy]=$HAPROXY_PORT [strangler]=$STRANGLER_PORT
                  [strangler-fixed]=$STRANGLER_PORT [vertx-http-proxy]=$VHP_PORT)
declare -A PREFIX=([strangler-fixed]=assets/)
read -r -a TARGETS <<< "${TARGETS:-backend nginx haproxy strangler strangler-fixed vertx-http-proxy}"
read -r -a SIZES <<< "${SIZES:-1k 64k}"

to_ms() {  # wrk latency (e.g. 1.23ms, 850.00us, 1.02s) to milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}
run_wrk() {  # target size seconds -> "rps p50ms p99ms"
  local out
  out=$(taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNECTIONS" -d"$3"s --latency \
        -H "X-User-Id: u7" -H "X-Bench: 1" "http://127.0.0.1:${PORTS[$1]}/${PREFIX[$1]:-}$2.bin")
  echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $(to_ms "$(echo "$out" | awk '$1=="50%" {print $2}')") $(to_ms "$(echo "$out" | awk '$1=="99%" {print $2}')")"
}
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Warm-up: the JVMs need their hot paths compiled before they are measured.
for target in "${TARGETS[@]}"; do for size in "${SIZES[@]}"; do
  case "$target" in strangler*|vertx*) run_wrk "$target" "$size" "${WARMUP:-10}" >/dev/null ;; *) run_wrk "$target" "$size" 2 >/dev/null ;; esac
done; done
for round in $(seq 1 "$ROUNDS"); do
  for size in "${SIZES[@]}"; do
    for target in "${TARGETS[@]}"; do
      echo "$(run_wrk "$target" "$size" "$DURATION")" >> "$WORK/$target-$size.txt"
    done
  done
  echo "bench: round $round of $ROUNDS done" >&2
done
RSS_KB=$(ps -o rss= -p "$STRANGLER_PID" | tr -d ' ')

# --- reporting -----------------------------------------------------------------------------------------------------
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo "## $(date -u '+%Y-%m-%d %H:%M UTC') — $(nproc) CPUs, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
  echo
  echo "wrk -t1 -c$CONNECTIONS, $ROUNDS interleaved rounds of ${DURATION}s, medians; backend and proxy on CPU $PROXY_CPU,"
  echo "wrk on CPU $CLIENT_CPU; load average before reporting: $LOAD. Strangler RSS after the run: $((RSS_KB / 1024)) MB."
  echo
  echo "| size | target | req/s | p50 ms | p99 ms | req/s vs nginx | p99 vs nginx |"
  echo "|---|---|---:|---:|---:|---:|---:|"
  for size in "${SIZES[@]}"; do
    nginx_rps=$(cut -d' ' -f1 "$WORK/nginx-$size.txt" | median)
    nginx_p99=$(cut -d' ' -f3 "$WORK/nginx-$size.txt" | median)
    for target in "${TARGETS[@]}"; do
      rps=$(cut -d' ' -f1 "$WORK/$target-$size.txt" | median)
      p50=$(cut -d' ' -f2 "$WORK/$target-$size.txt" | median)
      p99=$(cut -d' ' -f3 "$WORK/$target-$size.txt" | median)
      printf '| %s | %s | %.0f | %.2f | %.2f | %.2f | %.2f |\n' "$size" "$target" "$rps" "$p50" "$p99" \
        "$(awk -v a="$rps" -v b="$nginx_rps" 'BEGIN { print a / b }')" \
        "$(awk -v a="$p99" -v b="$nginx_p99" 'BEGIN { print a / b }')"
    done
  done
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
