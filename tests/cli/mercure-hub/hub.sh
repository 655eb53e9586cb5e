# Helpers the mercure-hub transcripts source: start a hub on a free
# loopback port, subscribe in the background, publish, wait, stop.
# Every file they write lands in the test's own temporary directory.
# shellcheck disable=SC2034 # KEY, T, PUB, SUB: for the transcripts

KEY='!ChangeThisMercureHubJWTSecretKey!'
T=https://example.com

# hub_start ARGS...: start a hub on 127.0.0.1 and a port the kernel picks
# (its first log line names it); sets HUB_PID, PORT, BASE and HUB.
hub_start() {
	: >hub.log
	mercure-hub --addr=127.0.0.1:0 --transport-url='local://?size=1000' \
		"$@" 2>hub.log &
	HUB_PID=$!
	hub_wait_port
}

# hub_wait_port: wait for the listening line of the hub in hub.log (which
# the background job may not even have created yet).
hub_wait_port() {
	local i
	PORT=
	for i in $(seq 200); do
		PORT=$(sed -n 's/.*msg=listening .*port=\([0-9]*\).*/\1/p' hub.log 2>/dev/null)
		[ -n "$PORT" ] && break
		kill -0 "$HUB_PID" 2>/dev/null || break
		sleep 0.05
	done
	[ -n "$PORT" ] || { echo "hub did not start"; cat hub.log; return 1; }
	BASE=http://127.0.0.1:$PORT
	HUB=$BASE/.well-known/mercure
}

# hub_stop: SIGTERM, then say how the hub ended when it was not with 0,
# and show any sanitizer report it left in its log.
hub_stop() {
	local rc
	kill -TERM "$HUB_PID" 2>/dev/null
	wait "$HUB_PID"
	rc=$?
	[ "$rc" -eq 0 ] || echo "hub exited $rc"
	grep -E 'Sanitizer|runtime error' hub.log
	return 0
}

# free_port: a loopback port nobody listens on (for fixed --addr values).
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# sub NAME CURL-ARGS... URL: subscribe in the background, the stream in
# NAME.out and the response head in NAME.head; returns once the stream is
# open (its first comment arrived) or has ended.
sub() {
	local name=$1 i
	shift
	: >"$name.out"
	curl -sS -g -N --max-time 20 -D "$name.head" "$@" >"$name.out" 2>"$name.err" &
	echo $! >"$name.pid"
	for i in $(seq 200); do
		[ -s "$name.out" ] && break
		kill -0 "$(cat "$name.pid")" 2>/dev/null || break
		sleep 0.05
	done
}

# wait_for NAME PATTERN [SECONDS]: wait until NAME.out holds a line
# matching PATTERN (grep -E); says so when it never does.
wait_for() {
	local n=$((${3:-10} * 20))
	for _ in $(seq "$n"); do
		grep -qE "$2" "$1.out" && return 0
		sleep 0.05
	done
	echo "timed out waiting for '$2' in $1.out"
	return 1
}

# sub_end NAME: wait for a subscriber's curl to end by itself, and print
# its exit code when it is not 0.
sub_end() {
	local rc
	wait "$(cat "$1.pid")"
	rc=$?
	[ "$rc" -eq 0 ] || echo "curl exited $rc"
	return 0
}

# sub_stop NAME: end a subscriber.
sub_stop() {
	kill "$(cat "$1.pid")" 2>/dev/null
	wait "$(cat "$1.pid")" 2>/dev/null
	return 0
}

# sse NAME: the stream as received, one line per line, with the
# comment lines the hub sends as keep-alives left out.
sse() {
	grep -v '^:' "$1.out"
}

# head_of NAME: the response head without Date, CR removed.
head_of() {
	tr -d '\r' <"$1.head" | grep -v '^Date: ' | sed '/^$/d'
}

# pub TOKEN CURL-ARGS...: POST to the hub with a bearer token; prints
# the body and then the status.
pub() {
	local tok=$1
	shift
	curl -sS -H "Authorization: Bearer $tok" "$@" -w ' %{http_code}\n' "$HUB"
}

# req CURL-ARGS...: any request; prints the status line and headers
# (without Date), then the body.
req() {
	curl -sS -g -i "$@" | tr -d '\r' | sed '/^Date: /d'
}

# b64url: base64url without padding, of standard input.
b64url() {
	base64 -w0 | tr '+/' '-_' | tr -d '='
}

# metric NAME: the value of one line of /metrics (NAME may hold labels).
metric() {
	curl -sS "$BASE/metrics" | awk -v n="$1" '$1 == n { print $2 }'
}

# Tokens for the usual roles.
PUB=$(jwt-mint --key "$KEY" --publish '*')
SUB=$(jwt-mint --key "$KEY" --subscribe '*')
