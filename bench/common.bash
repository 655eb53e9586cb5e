# common.bash: helpers the benchmark scripts (bench/*.sh) source.
#
# Servers run on 127.0.0.1 on a free port below the ephemeral range (so the
# load generator's own 19,000 source ports never collide with it), pinned to
# BENCH_SERVER_CPU; load generators run pinned to BENCH_LOAD_CPU
# (reference/performance.md section 9: hub on one core, load on the other).
# Every process a script starts is recorded with bench_track and stopped by
# bench_cleanup, by its pid, when the script exits.
# shellcheck shell=bash

BENCH_SERVER_CPU=${BENCH_SERVER_CPU:-0}
BENCH_LOAD_CPU=${BENCH_LOAD_CPU:-1}
bench_pids=()
bench_tmp=

# A private temporary directory for this script, removed by bench_cleanup.
bench_init() {
	bench_tmp=$(mktemp -d /tmp/winestore-bench.XXXXXX)
	trap bench_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

bench_track() {
	bench_pids+=("$1")
}

# Stop pid and wait for it. A server killed by the signal makes wait
# fail: that is the point, not an error.
bench_kill() {
	if kill "$1" 2>/dev/null; then
		wait "$1" 2>/dev/null || true
	fi
}

bench_cleanup() {
	local pid
	for pid in "${bench_pids[@]}"; do
		bench_kill "$pid"
	done
	bench_pids=()
	[ -z "$bench_tmp" ] || rm -rf "$bench_tmp"
}

# Stop one tracked process and forget it.
bench_stop() {
	local pid=$1 keep=() p
	bench_kill "$pid"
	for p in "${bench_pids[@]}"; do
		[ "$p" = "$pid" ] || keep+=("$p")
	done
	bench_pids=("${keep[@]}")
}

bench_say() {
	printf '%s\n' "$*" >&2
}

# Install the Debian packages given that are missing (as root), or fail
# saying which are missing.
bench_need_packages() {
	local p missing=()
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q 'ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		bench_say "bench: missing packages: apt-get install ${missing[*]}"
		return 1
	fi
	bench_say "bench: installing ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2
}

# A TCP port nobody listens on, between 20000 and 32767.
bench_free_port() {
	local port i
	for i in $(seq 1 100); do
		port=$((20000 + (RANDOM + i) % 12768))
		if [ -z "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]; then
			echo "$port"
			return 0
		fi
	done
	return 1
}

# Wait until pid listens on 127.0.0.1:port (at most 10 seconds).
bench_wait_port() {
	local pid=$1 port=$2 i
	for i in $(seq 1 200); do
		kill -0 "$pid" 2>/dev/null || return 1
		if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			return 0
		fi
		sleep 0.05
		: "$i"
	done
	return 1
}

# The median of the numbers on stdin, one a line; "-" when there are none.
bench_median() {
	sort -g | awk '{ v[NR] = $1 }
		END { if (!NR) print "-"; else if (NR % 2) print v[(NR + 1) / 2];
		      else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Percent of all CPUs busy over one second (from /proc/stat): other work on
# these two cores makes every figure noisy, so scripts warn about it.
bench_busy_percent() {
	local a b
	a=$(head -n 1 /proc/stat)
	sleep 1
	b=$(head -n 1 /proc/stat)
	awk -v a="$a" -v b="$b" 'BEGIN {
		n = split(a, x); split(b, y)
		for (i = 2; i <= n; i++) { d = y[i] - x[i]; t += d; if (i == 5 || i == 6) idle += d }
		printf "%d\n", t ? 100 * (t - idle) / t : 0
	}'
}

# Warn when the machine is already busy before a benchmark starts.
bench_check_quiet() {
	local busy
	busy=$(bench_busy_percent)
	if [ "$busy" -gt 10 ]; then
		bench_say "bench: warning: the CPUs were ${busy}% busy before starting; other work shares these cores and the figures will be noisy"
	fi
}
