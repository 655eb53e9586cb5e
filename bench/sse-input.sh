#!/bin/sh
# sse-input.sh [BUILD_DIR] [MIB]: how fast mercure-sub --input parses a
# recorded event stream from a pipe, beside cat on the same file.
#
# Writes a MIB MiB (default 1024) stream of Mercure-like updates to a
# temporary directory (removed at the end), then times, from a pipe:
#   cat FILE | cat                                  (the reference)
#   cat FILE | mercure-sub --input - --format data
#   cat FILE | mercure-sub --input -                (JSON Lines)
# and prints MB/s, the peak RSS (/usr/bin/time -v) and the peak private
# (anonymous) RSS sampled from /proc while streaming.
# Targets: >= 300 MB/s for data, >= 100 MB/s for JSON Lines, RSS <= 4 MB.
# Needs about MIB MiB free in TMPDIR (default /tmp).
set -eu
B=${1:-build}
MIB=${2:-1024}
SUB=$B/mercure-sub
[ -x "$SUB" ] || { echo "sse-input: build $SUB first (make)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "sse-input: needs /usr/bin/time" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sse-input.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# One MiB of events like a hub sends (UUIDv7-style ids, JSON-LD data, a
# heartbeat now and then), repeated MIB times.
awk 'BEGIN {
	srand(7);
	while (n < 1048576) {
		id = sprintf("urn:uuid:0190a0b0-%04x-7%03x-8%03x-%012x",
			     i % 65536, i % 4096, (i * 7) % 4096, i * 7919);
		s = sprintf("id: %s\ndata: {\"@context\":\"/contexts/Wine\",\"@id\":\"/wines/%d\",\"@type\":\"Wine\",\"name\":\"Ch\\u00e2teau %d\",\"stock\":%d,\"price\":%.2f}\n\n",
			    id, i % 1000, i, int(rand() * 100), rand() * 20);
		if (i % 50 == 0)
			s = ":\n" s;
		printf "%s", s;
		n += length(s);
		i++;
	}
}' > "$tmp/chunk.sse"
i=0
while [ "$i" -lt "$MIB" ]; do
	cat "$tmp/chunk.sse"
	i=$((i + 1))
done > "$tmp/stream.sse"
bytes=$(wc -c < "$tmp/stream.sse")
events=$(($(grep -c '^id: ' "$tmp/chunk.sse") * MIB))

now_ms() { date +%s%3N; }

# run NAME COMMAND...: time "cat stream | COMMAND > /dev/null"; report the
# peak RSS and the peak private (anonymous) RSS sampled while it streams.
# Shared library pages (libcurl's dependency tree) make up most of RSS.
run() {
	name=$1
	shift
	cat "$tmp/stream.sse" >/dev/null # warm the page cache
	rm -f "$tmp/end"
	start=$(now_ms)
	# shellcheck disable=SC2002 # the point is reading from a pipe
	(cat "$tmp/stream.sse" |
		/usr/bin/time -v -o "$tmp/time" "$@" >/dev/null
	 now_ms >"$tmp/end") &
	job=$!
	anon=0
	while kill -0 "$job" 2>/dev/null; do
		for pid in $(descendants "$job"); do
			a=$(awk '/^RssAnon/ { print $2 }' "/proc/$pid/status" \
				2>/dev/null || true)
			[ "${a:-0}" -gt "$anon" ] && anon=$a
		done
		sleep 0.05
	done
	wait "$job"
	ms=$(($(cat "$tmp/end") - start))
	[ "$ms" -gt 0 ] || ms=1
	rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tmp/time")
	printf '%-30s %7d ms %6d MB/s %8d KB %8d KB\n' "$name" "$ms" \
		$((bytes / 1000 / ms)) "$rss" "$anon"
}

# The processes below $1, children first.
descendants() {
	# shellcheck disable=SC2013 # one line of space-separated pids
	for child in $(cat "/proc/$1/task/$1/children" 2>/dev/null); do
		echo "$child"
		descendants "$child"
	done
}

printf 'stream: %d bytes, %d events, read from a pipe\n' "$bytes" "$events"
printf '%-30s %10s %11s %11s %11s\n' "command" "time" "throughput" "peak RSS" \
	"private RSS"
run "cat (reference)" cat
run "mercure-sub --format data" "$SUB" --input - --format data
run "mercure-sub (JSON Lines)" "$SUB" --input -
run "mercure-sub --format raw" "$SUB" --input - --format raw
