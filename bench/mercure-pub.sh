#!/bin/bash
# mercure-pub.sh [BUILD_DIR] [LINES]: how many updates a second
# mercure-pub --lines publishes to our hub over one kept-alive connection.
#
# Starts BUILD_DIR/mercure-hub on a free loopback port, on a SQLite
# history (sqlite://, durable: each answer waits for its commit) and on
# the in-memory ring (local://), and publishes LINES (default 100,000)
# short JSON lines, an update each, twice: one at a time (--pipeline 1:
# each POST once the one before is answered, so one update costs one
# round trip) and pipelined (the default window of 16 requests in flight,
# HTTP/1.1 pipelining: the hub answers in order, and the round trip is
# paid once per window, not once per update). Each pair runs pinned with
# taskset on two CPUs (hub on 0, publisher on 1) and sharing CPU 1. The
# floor under the one-at-a-time runs is a bare TCP round trip between the
# same CPUs (rtt.c: no HTTP, no work), measured in the same run.
# Prints wall time, updates/s, and CPU time per update on each side.
# Every run is bounded (timeout 300 s). Target: >= 10,000 updates/s.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
B=${1:-build}
LINES=${2:-100000}
# Loopback only: a proxy would also turn pipelining off.
unset http_proxy HTTP_PROXY all_proxy ALL_PROXY
HUB_BIN=$B/mercure-hub
PUB=$B/mercure-pub
for t in "$HUB_BIN" "$PUB"; do
	[ -x "$t" ] || { echo "mercure-pub: build $t first (make)" >&2; exit 1; }
done
for t in /usr/bin/time taskset python3 "${CC:-cc}"; do
	command -v "$t" >/dev/null || { echo "mercure-pub: needs $t" >&2; exit 1; }
done
[ "$(nproc)" -ge 2 ] || { echo "mercure-pub: needs two CPUs" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mercure-pub.XXXXXX")
server=
cleanup() {
	[ -z "$server" ] || { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; }
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

"${CC:-cc}" -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -I"$top/lib" \
	-o "$tmp/rtt" "$top/bench/rtt.c"
key=bench-secret-0123456789abcdef0123456789abcdef
awk -v n="$LINES" 'BEGIN {
	for (i = 1; i <= n; i++)
		printf "{\"@id\":\"/wines/%d\",\"stock\":%d}\n", i % 1000, i % 97
}' >"$tmp/lines.jsonl"

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# CPU time (user + system) a process has used so far, in ms.
cpu_ms() {
	awk -v hz="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / hz) }' "/proc/$1/stat"
}

now_ms() { date +%s%3N; }

# floor HUB_CPU PUB_CPU: microseconds per bare TCP round trip.
floor() {
	rm -f "$tmp/rtt.port"
	taskset -c "$1" "$tmp/rtt" serve "$tmp/rtt.port" &
	server=$!
	for _ in $(seq 100); do
		[ -s "$tmp/rtt.port" ] && break
		sleep 0.05
	done
	timeout 60 taskset -c "$2" "$tmp/rtt" ping "$(cat "$tmp/rtt.port")" 50000
	wait "$server" 2>/dev/null || true
	server=
}

# run NAME TRANSPORT_URL HUB_CPU PUB_CPU [ARGS...]: one hub, one --lines
# run, with ARGS given to mercure-pub.
run() {
	local name=$1 transport=$2 hub_on=$3 pub_on=$4 port ms n hub_cpu pub_cpu
	shift 4
	port=$(free_port)
	taskset -c "$hub_on" "$HUB_BIN" --jwt-key="$key" --addr="127.0.0.1:$port" \
		--transport-url="$transport" --quiet 2>"$tmp/hub.log" &
	server=$!
	for _ in $(seq 100); do
		(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
		sleep 0.05
	done
	hub_cpu=$(cpu_ms "$server")
	start=$(now_ms)
	timeout 300 taskset -c "$pub_on" /usr/bin/time -f '%U %S' -o "$tmp/time" \
		"$PUB" --hub "http://127.0.0.1:$port/.well-known/mercure" \
		--jwt-key "$key" --topic https://example.com/wines/1 \
		--lines --data "@$tmp/lines.jsonl" "$@" >"$tmp/ids" ||
		echo "mercure-pub: $name: mercure-pub failed or timed out" >&2
	ms=$(($(now_ms) - start))
	hub_cpu=$(($(cpu_ms "$server") - hub_cpu))
	kill "$server"
	wait "$server" 2>/dev/null || true
	server=
	n=$(wc -l <"$tmp/ids")
	pub_cpu=$(awk '{ print int(($1 + $2) * 1000) }' "$tmp/time")
	awk -v name="$name" -v n="$n" -v ms="$ms" -v pub="$pub_cpu" \
		-v hub="$hub_cpu" 'BEGIN {
		if (ms < 1) ms = 1
		if (n < 1) n = 1
		printf "%-44s %7d %7d ms %8d /s %9.1f us %9.1f us\n", name, n,
			ms, n * 1000 / ms, pub * 1000 / n, hub * 1000 / n
	}'
	rm -f "$tmp"/hub.db*
}

printf 'mercure-pub --lines, %d lines, one connection\n' "$LINES"
printf '%-44s %7s %10s %11s %12s %12s\n' "hub history, requests, CPUs" \
	"updates" "time" "rate" "pub CPU/upd" "hub CPU/upd"
for cpus in "0 1" "1 1"; do
	h=${cpus% *}
	p=${cpus#* }
	where="hub on $h, pub on $p"
	[ "$h" != "$p" ] || where="both on $h"
	us=$(floor "$h" "$p")
	printf '%-44s %7s %10s %8d /s   (%s us per round trip)\n' \
		"bare TCP, $where" "" "" \
		"$(awk -v u="$us" 'BEGIN { print int(1e6 / u) }')" "$us"
	run "sqlite://, 1 at a time, $where" "sqlite://$tmp/hub.db" "$h" "$p" \
		--pipeline 1
	run "sqlite://, pipelined, $where" "sqlite://$tmp/hub.db" "$h" "$p"
	run "local://, 1 at a time, $where" "local://" "$h" "$p" --pipeline 1
	run "local://, pipelined, $where" "local://" "$h" "$p"
done
