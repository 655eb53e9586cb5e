#!/usr/bin/env bash
# hub.sh: mercure-hub beside nchan (issue 3's benchmark; scenarios and goals
# from reference/performance.md sections 8 and 9).
#
# Both hubs run on 127.0.0.1, one process each, pinned to CPU 0; the load
# runs pinned to CPU 1. Every run starts a fresh server (so resident memory
# is measured from a clean heap) and stops it afterwards; peers alternate
# run by run, so drift between runs hits both alike.
#
#  (a) fan-out, for each N in SUBS: N subscribers on one topic, WARMUP
#      unmeasured publishes then EVENTS measured ones at RATE per second,
#      measured by bench/sse-load: delivered
#      and in order, latency percentiles, server CPU per delivery, resident
#      memory per idle subscriber, subscribe rate without a token.
#  (b) publish rate with no subscriber: wrk, 20 connections, bench/publish.lua
#      posting a Mercure form with an HS256 JWT to our hub, and a raw body
#      without authentication to nchan's publisher location.
#  (c) subscribe rate: SUBSCRIBE_N subscriptions, each with a subscriber JWT
#      in its Authorization header on our hub (nchan: no token).
#  (d) LONG=1 only (it takes LONG_DURATION per peer): LONG_SUBS subscribers
#      held for LONG_DURATION at one publish per second; disconnects,
#      delivery, latency, memory.
# A table follows: nchan, ours, ours/nchan and the target, with "ok" or
# "MISS" for each target ours was measured against. Every report line is
# kept in BUILD/bench/hub-results.jsonl.
#
# usage: bench/hub.sh [BUILD_DIR]   (make bench runs it through bench/run)
# The warm-up: on loopback each subscriber's kernel work runs on the
# server's CPU, and a new TCP connection acknowledges its first segments
# at once (quick ACKs), so the first few events cost the server about
# twice what later ones do, work the subscribers' machines would do on a
# network. Both peers get the same warm-up; the table also shows p99 over
# every event, the warm-up included.
# Environment: SUBS ("1000 9000"), EVENTS (50), WARMUP (20), RATE (10), RUNS (1; the
# table shows medians), SUBSCRIBE_N (9000), WRK_SECONDS (10), LONG (0),
# LONG_SUBS (19000), LONG_DURATION (10m), SCENARIOS ("a b c", LONG=1 adds
# d), PEERS ("nchan mercure-hub"),
# HUB_BIN (BUILD_DIR/mercure-hub), STRICT (1: exit 1 when a target is missed).
# Exit status: 0, or 1 when a server would not start or STRICT found a miss.
# The scenario functions are called by name through each_peer.
# shellcheck disable=SC2317
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
B=${1:-build}
# shellcheck source=bench/common.bash
. bench/common.bash

SUBS=${SUBS:-1000 9000}
EVENTS=${EVENTS:-50}
WARMUP=${WARMUP:-20}
RATE=${RATE:-10}
RUNS=${RUNS:-1}
SUBSCRIBE_N=${SUBSCRIBE_N:-9000}
WRK_SECONDS=${WRK_SECONDS:-10}
LONG=${LONG:-0}
SCENARIOS=${SCENARIOS:-a b c}
[ "$LONG" != 1 ] || SCENARIOS="$SCENARIOS d"
LONG_SUBS=${LONG_SUBS:-19000}
LONG_DURATION=${LONG_DURATION:-10m}
PEERS=${PEERS:-nchan mercure-hub}
HUB_BIN=${HUB_BIN:-$B/mercure-hub}
STRICT=${STRICT:-0}

KEY='winestore-bench-hs256-key-0123456789abcdef'
TOPIC='https://example.com/bench'
TOPIC_Q='https%3A%2F%2Fexample.com%2Fbench'
load=$B/bench/sse-load
results=$B/bench/hub-results.jsonl
failed=0

bench_need_packages nginx-light libnginx-mod-nchan wrk jq util-linux \
	iproute2 procps
for f in "$load" "$B/jwt-mint"; do
	if [ ! -x "$f" ]; then
		bench_say "hub.sh: '$f' is not built (run make bench)"
		exit 1
	fi
done
if [ ! -x "$HUB_BIN" ]; then
	bench_say "hub.sh: '$HUB_BIN' is not built yet: measuring nchan only"
	PEERS=${PEERS//mercure-hub/}
fi
PUB_TOKEN=$("$B/jwt-mint" --key "$KEY" --publish '*')
SUB_TOKEN=$("$B/jwt-mint" --key "$KEY" --subscribe '*')
bench_init
mkdir -p "$B/bench"
: >"$results"

# Start peer $1 on a fresh port. Sets srv_pid (the process to stop),
# srv_cpu_pid (the one whose CPU and memory count: nginx's worker),
# sub_url, pub_url, pub_args and sub_args (sse-load options) and the wrk
# publish request (wrk_body, wrk_type, wrk_token).
start_server() {
	local peer=$1 port log i
	port=$(bench_free_port)
	log=$bench_tmp/$peer-$port.log
	case $peer in
	nchan)
		taskset -c "$BENCH_SERVER_CPU" bench/nchan-peer "$port" \
			"$bench_tmp/nchan-$port" >"$log" 2>&1 &
		srv_pid=$!
		sub_url="http://127.0.0.1:$port/sub?topic=bench"
		pub_url="http://127.0.0.1:$port/pub?topic=bench"
		pub_args=()
		sub_args=()
		wrk_body=hello
		wrk_type=text/plain
		wrk_token=
		;;
	mercure-hub)
		taskset -c "$BENCH_SERVER_CPU" "$HUB_BIN" --jwt-key="$KEY" \
			--addr="127.0.0.1:$port" --allow-anonymous \
			--transport-url='local://?size=1000' --quiet >"$log" 2>&1 &
		srv_pid=$!
		sub_url="http://127.0.0.1:$port/.well-known/mercure?topic=$TOPIC_Q"
		pub_url="http://127.0.0.1:$port/.well-known/mercure"
		pub_args=(--topic "$TOPIC" --token "$PUB_TOKEN")
		sub_args=(--sub-token "$SUB_TOKEN")
		wrk_body="topic=$TOPIC_Q&data=hello"
		wrk_type=application/x-www-form-urlencoded
		wrk_token=$PUB_TOKEN
		;;
	*)
		bench_say "hub.sh: unknown peer '$peer'"
		return 1
		;;
	esac
	bench_track "$srv_pid"
	srv_cpu_pid=$srv_pid
	if ! bench_wait_port "$srv_pid" "$port"; then
		bench_say "hub.sh: $peer did not start on port $port:"
		sed 's/^/    /' "$log" >&2
		bench_stop "$srv_pid"
		return 1
	fi
	if [ "$peer" = nchan ]; then
		for i in $(seq 1 100); do
			srv_cpu_pid=$(pgrep -P "$srv_pid" | head -n 1) && break
			sleep 0.05
			: "$i"
		done
	fi
}

# Append report $3 of scenario $1, run $2, to the results.
record() {
	jq -c --arg s "$1" --argjson r "$2" '. + {scenario: $s, run: $r}' \
		<<<"$3" >>"$results"
}

# One line on stderr per run, so a long session shows progress.
progress() {
	jq -r --arg s "$1" 'def r: if type == "number" then . * 100 | round / 100 else . end;
		"  \(.label) \($s): " +
		if .requests_per_second then
			"\(.ok_per_second | r) publishes/s (\(.non_2xx) not 2xx, \(.socket_errors) socket errors)"
		else
			"\(.connected)/\(.subscribers) subscribed at \(.subscribes_per_second | r)/s" +
			(if .events > 0 then
				", \(.delivered_percent | r)% delivered, p99 \(.latency_ms.p99 | r) ms, " +
				"\(.server.cpu_us_per_delivery // "-" | r) us/delivery, \(.disconnects) disconnects"
			else "" end)
		end' <<<"$2" >&2
}

# sse-load pinned to the load CPU; its JSON report on stdout even when it
# fails (it prints the report before exiting non-zero).
sse_load() {
	taskset -c "$BENCH_LOAD_CPU" "$load" "$@" || true
}

# Run scenario function $2 for every peer, RUNS times; $1 names it.
each_peer() {
	local scenario=$1 fn=$2 run peer out
	shift 2
	for run in $(seq 1 "$RUNS"); do
		for peer in $PEERS; do
			if ! start_server "$peer"; then
				failed=1
				continue
			fi
			out=$("$fn" "$peer" "$@")
			bench_stop "$srv_pid"
			if [ -z "$out" ]; then
				bench_say "hub.sh: $peer $scenario gave no report"
				failed=1
				continue
			fi
			record "$scenario" "$run" "$out"
			progress "$scenario" "$out"
		done
	done
}

fanout() { # peer n
	sse_load --label "$1" -n "$2" --events "$EVENTS" --warmup "$WARMUP" \
		--rate "$RATE" \
		--url "$sub_url" --publish-url "$pub_url" "${pub_args[@]}" \
		--pid "$srv_cpu_pid"
}

publish_rate() { # peer
	local out
	out=$(BENCH_BODY=$wrk_body BENCH_CONTENT_TYPE=$wrk_type \
		BENCH_TOKEN=$wrk_token taskset -c "$BENCH_LOAD_CPU" \
		wrk -t1 -c20 -d"${WRK_SECONDS}s" -s bench/publish.lua \
		"$pub_url" 2>&1) || true
	awk -v label="$1" '
		/ requests in / { n = $1 }
		/^Requests\/sec:/ { rps = $2 }
		/Non-2xx or 3xx responses:/ { bad = $NF }
		/Socket errors:/ { gsub(/,/, ""); errors = $4 + $6 + $8 + $10 }
		END {
			if (rps == "") exit 1
			ok = n > 0 ? rps * (n - bad) / n : 0
			printf "{\"label\":\"%s\",\"requests\":%d,\"requests_per_second\":%s,", label, n, rps
			printf "\"non_2xx\":%d,\"socket_errors\":%d,\"ok_per_second\":%.1f}\n", bad, errors, ok
		}' <<<"$out" || bench_say "hub.sh: wrk against $1 failed: $out"
}

subscribe_rate() { # peer
	sse_load --label "$1" -n "$SUBSCRIBE_N" --events 0 --url "$sub_url" \
		"${sub_args[@]}" --pid "$srv_cpu_pid"
}

hold() { # peer
	sse_load --label "$1" -n "$LONG_SUBS" --hold "$LONG_DURATION" --rate 1 \
		--url "$sub_url" --publish-url "$pub_url" "${pub_args[@]}" \
		--pid "$srv_cpu_pid" --connect-timeout 120s
}

# ---- the table ------------------------------------------------------

# The median (or, with agg=max, the largest) of jq expression $3 over the
# runs of scenario $1 by peer $2; "-" when there is none.
value() {
	local agg=${4:-median}
	jq -r --arg s "$1" --arg l "$2" \
		"select(.scenario == \$s and .label == \$l) | ($3) // empty" \
		"$results" |
		if [ "$agg" = max ]; then
			sort -g | tail -n 1 | grep . || echo -
		else
			bench_median
		fi
}

# "ok" when ours meets every condition of goal (comma-separated le:X,
# ge:X, eq:X, le_peer:F = at most F times the peer, ge_peer:F), "MISS"
# when not, nothing when ours was not measured or there is no goal.
verdict() { # ours peer goal
	awk -v o="$1" -v p="$2" -v g="$3" 'BEGIN {
		if (o == "-" || g == "") exit
		ok = 1
		n = split(g, c, ",")
		for (i = 1; i <= n; i++) {
			split(c[i], kv, ":")
			k = kv[1]; v = kv[2] + 0; x = o + 0
			if (k == "le" && x > v) ok = 0
			if (k == "ge" && x < v) ok = 0
			if (k == "eq" && x != v) ok = 0
			if (k == "le_peer" && p != "-" && x > v * p) ok = 0
			if (k == "ge_peer" && p != "-" && x < v * p) ok = 0
		}
		print ok ? "ok" : "MISS"
	}'
}

fmt() {
	awk -v v="$1" 'BEGIN {
		if (v == "-") print "-"
		else if (v == int(v)) printf "%d\n", v
		else if (v + 0 >= 1000 || v + 0 <= -1000) printf "%.0f\n", v
		else printf "%.2f\n", v
	}'
}

misses=0
row() { # title scenario expression goal target [agg]
	local peer ours ratio v
	peer=$(value "$2" nchan "$3" "${6:-}")
	ours=$(value "$2" mercure-hub "$3" "${6:-}")
	ratio=$(awk -v o="$ours" -v p="$peer" 'BEGIN {
		if (o == "-" || p == "-" || p + 0 == 0) print "-"
		else printf "%.2f\n", o / p }')
	[ "$peer" != - ] || [ "$ours" != - ] || return 0
	v=$(verdict "$ours" "$peer" "$4")
	[ "$v" != MISS ] || misses=$((misses + 1))
	printf '%-44s %10s %10s %7s  %-4s %s\n' "$1" "$(fmt "$peer")" \
		"$(fmt "$ours")" "$ratio" "$v" "$5"
}

table() {
	local n p99_goal p99_text
	printf '\n%-44s %10s %10s %7s  %-4s %s\n' "mercure-hub vs nchan" \
		nchan ours ratio "" "target (issue 3; performance.md section 9)"
	for n in $SUBS; do
		case $n in
		9000) p99_goal=le_peer:1.0,le:70 p99_text="<= nchan, <= 70 ms (H1)" ;;
		1000) p99_goal=le_peer:1.0,le:25 p99_text="<= nchan, <= 25 ms (H2)" ;;
		*) p99_goal=le_peer:1.0 p99_text="<= nchan" ;;
		esac
		row "S1 $n subs: subscribed" "fanout-$n" .connected "eq:$n" "all $n"
		row "S1 $n subs: delivered %" "fanout-$n" .delivered_percent \
			ge:100 "100% (H9)"
		row "S1 $n subs: out of order or repeated" "fanout-$n" \
			'.out_of_order + .duplicates' eq:0 "0 (H9)" max
		row "S1 $n subs: disconnects" "fanout-$n" .disconnects eq:0 0 max
		row "S1 $n subs: p50 ms" "fanout-$n" .latency_ms.p50 "" ""
		row "S1 $n subs: p99 ms" "fanout-$n" .latency_ms.p99 \
			"$p99_goal" "$p99_text"
		row "  p99 ms, warm-up included" "fanout-$n" \
			'.latency_all_ms.p99 // .latency_ms.p99' "" ""
		row "S1 $n subs: server CPU us/delivery" "fanout-$n" \
			.server.cpu_us_per_delivery le_peer:0.8,le:8 \
			"<= 0.8x nchan, <= 8 us (H3)"
		row "S1 $n subs: RSS bytes/idle subscriber" "fanout-$n" \
			.server.rss_per_subscriber_bytes le:4096 \
			"<= 4 KB, stretch 2 KB (H4)"
		row "  after publishing" "fanout-$n" \
			.server.rss_per_subscriber_end_bytes "" ""
		row "S1 $n subs: subscribes/s (no token)" "fanout-$n" \
			.subscribes_per_second "" ""
	done
	row "publishes/s, wrk c=20 (ours: HS256 JWT)" publish .ok_per_second \
		ge:40000,ge_peer:0.5 ">= 40,000/s, >= 0.5x nchan (H6)"
	row "subscribes/s, $SUBSCRIBE_N (ours: HS256 JWT)" subscribe \
		.subscribes_per_second ge:8000,ge_peer:0.2 \
		">= 8,000/s, >= 0.2x nchan (H5)"
	row "  subscribed" subscribe .connected "eq:$SUBSCRIBE_N" \
		"all $SUBSCRIBE_N"
	row "  server CPU us/subscribe" subscribe .server.cpu_us_per_subscribe \
		"" ""
	row "hold $LONG_SUBS x $LONG_DURATION: subscribed" hold .connected \
		"eq:$LONG_SUBS" "all $LONG_SUBS (H8)"
	row "  disconnects" hold .disconnects eq:0 "0 (H8)" max
	row "  delivered %" hold .delivered_percent ge:100 "100% (H8)"
	row "  p99 ms" hold .latency_ms.p99 le:250 "<= 250 ms (H8)"
	row "  server RSS at the end, MB" hold '.server.rss_end_kb / 1024' \
		le:200 "<= 200 MB (H8)"
}

bench_check_quiet
bench_say "hub.sh: peers: ${PEERS:-none}; hub on CPU $BENCH_SERVER_CPU, load on CPU $BENCH_LOAD_CPU; $RUNS run(s) each"
has() {
	[[ " $SCENARIOS " == *" $1 "* ]]
}

if has a; then
	for n in $SUBS; do
		bench_say "(a) $n subscribers, $EVENTS publishes at $RATE/s"
		each_peer "fanout-$n" fanout "$n"
	done
fi
if has b; then
	bench_say "(b) publishes/s, wrk -c 20 for ${WRK_SECONDS}s"
	each_peer publish publish_rate
fi
if has c; then
	bench_say "(c) $SUBSCRIBE_N subscribes"
	each_peer subscribe subscribe_rate
fi
if has d; then
	bench_say "(d) $LONG_SUBS subscribers held for $LONG_DURATION per peer"
	each_peer hold hold
fi
table
echo
echo "reports: $results"
if [ "$STRICT" = 1 ] && [ "$misses" -gt 0 ]; then
	failed=1
fi
exit "$failed"
