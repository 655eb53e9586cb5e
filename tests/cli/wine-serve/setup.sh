# shellcheck shell=bash disable=SC2034 # PORT, PID and API are for the transcripts
# Sourced by the transcripts: helpers to start wine-serve on a free port
# with a fresh database, and to stop it.
db() { # create $1 with wine-db and load the fixture
	wine-db -q -d "$1" schema create && wine-db -q -d "$1" load "$TESTDIR/fixture.yaml"
}
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
wait_port() { # port
	for _ in $(seq 200); do
		curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0
		sleep 0.05
	done
	echo "port $1 never opened" >&2
	return 1
}
start() { # args...: start wine-serve on $PORT, log in serve.log
	PORT=$(free_port)
	wine-serve --listen "127.0.0.1:$PORT" "$@" 2>>serve.log &
	PID=$!
	wait_port "$PORT"
	API=http://127.0.0.1:$PORT
}
stop() {
	kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
	return 0
}
