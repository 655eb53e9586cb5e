# Shared by the CLI transcripts: a scripted stand-in hub and free ports.
# shellcheck shell=bash

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

# The claims of the JWT in the last logged Authorization header.
logged_claims() {
	grep 'authorization: Bearer' requests.log | tail -n 1 |
		sed 's/.*Bearer //' | jwt-mint decode 2>/dev/null |
		python3 -c 'import json, sys; c = json.load(sys.stdin)["claims"]; c.pop("exp", None); print(json.dumps(c, sort_keys=True))'
}
