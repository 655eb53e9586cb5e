# Shared by the CLI transcripts: a scripted stand-in hub and free ports.
# shellcheck shell=bash
# The variables set here are read by the transcripts that source this.
# shellcheck disable=SC2034

# A loopback port nobody listens on (bound, then released).
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_stub [SCRIPT]: run tests/cli/stubhub.py; sets STUB_PID, PORT and
# HUB; requests are logged to ./requests.log.
start_stub() {
	rm -f stub.port
	python3 "$TESTDIR/../stubhub.py" stub.port requests.log "$@" &
	STUB_PID=$!
	for _ in $(seq 100); do
		[ -s stub.port ] && break
		sleep 0.05
	done
	PORT=$(cat stub.port)
	HUB=http://127.0.0.1:$PORT/.well-known/mercure
}

stop_stub() {
	kill "$STUB_PID" 2>/dev/null
	wait "$STUB_PID" 2>/dev/null
	return 0
}

# start_pipehub MODE: run tests/cli/pipehub.py (a raw stand-in hub for
# pipelined publishing); sets PIPE_PID, PORT and HUB; answered requests
# are logged to ./pipe.log.
start_pipehub() {
	rm -f pipe.port pipe.depth
	python3 "$TESTDIR/../pipehub.py" pipe.port pipe.log "$1" &
	PIPE_PID=$!
	for _ in $(seq 100); do
		[ -s pipe.port ] && break
		sleep 0.05
	done
	PORT=$(cat pipe.port)
	HUB=http://127.0.0.1:$PORT/.well-known/mercure
}

stop_pipehub() {
	kill "$PIPE_PID" 2>/dev/null
	wait "$PIPE_PID" 2>/dev/null
	return 0
}

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
