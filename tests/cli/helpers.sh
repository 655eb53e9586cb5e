# Shared by the CLI transcripts: a scripted stand-in hub and free ports.
# shellcheck shell=bash
# The variables set here are read by the transcripts that source this.
# shellcheck disable=SC2034

# A loopback port nobody listens on (bound, then released).
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# standin SCRIPT PORTFILE ARGS...: run python3 tests/cli/SCRIPT PORTFILE
# ARGS... in the background until it has written its port to PORTFILE;
# sets STANDIN_PID, PORT and HUB.
standin() {
	local script=$1 portfile=$2
	shift 2
	rm -f "$portfile"
	python3 "$TESTDIR/../$script" "$portfile" "$@" &
	STANDIN_PID=$!
	for _ in $(seq 100); do
		[ -s "$portfile" ] && break
		sleep 0.05
	done
	PORT=$(cat "$portfile")
	HUB=http://127.0.0.1:$PORT/.well-known/mercure
}

stop_standin() {
	kill "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	return 0
}

# start_stub [SCRIPT]: run tests/cli/stubhub.py; sets STUB_PID, PORT and
# HUB; requests are logged to ./requests.log.
start_stub() {
	standin stubhub.py stub.port requests.log "$@"
	STUB_PID=$STANDIN_PID
}

stop_stub() { stop_standin "$STUB_PID"; }

# start_pipehub MODE: run tests/cli/pipehub.py (a raw stand-in hub for
# pipelined publishing); sets PIPE_PID, PORT and HUB; answered requests
# are logged to ./pipe.log, how many it held each time to ./pipe.depth.
start_pipehub() {
	rm -f pipe.depth
	standin pipehub.py pipe.port pipe.log "$1"
	PIPE_PID=$STANDIN_PID
}

stop_pipehub() { stop_standin "$PIPE_PID"; }

# The claims of the JWT in the last logged Authorization header.
logged_claims() {
	grep 'authorization: Bearer' requests.log | tail -n 1 |
		sed 's/.*Bearer //' | jwt-mint decode 2>/dev/null |
		python3 -c 'import json, sys; c = json.load(sys.stdin)["claims"]; c.pop("exp", None); print(json.dumps(c, sort_keys=True))'
}

# start_hub KEY [FLAGS...]: run mercure-hub on a free loopback port (or
# $HUB_PORT, to restart on the same one); sets HUB_PID, HUB_PORT and HUB.
start_hub() {
	HUB_KEY=$1
	shift
	HUB_PORT=${HUB_PORT:-$(free_port)}
	mercure-hub --jwt-key="$HUB_KEY" --addr="127.0.0.1:$HUB_PORT" \
		--allow-anonymous "$@" >>hub.log 2>&1 &
	HUB_PID=$!
	for _ in $(seq 100); do
		(exec 3<>"/dev/tcp/127.0.0.1/$HUB_PORT") 2>/dev/null && break
		sleep 0.05
	done
	HUB=http://127.0.0.1:$HUB_PORT/.well-known/mercure
}

stop_hub() {
	kill "$HUB_PID" 2>/dev/null
	wait "$HUB_PID" 2>/dev/null
	return 0
}
