#!/bin/sh
# wine-db-load.sh [BUILD_DIR] [ROWS] [RUNS]: load ROWS wines (default
# 1,000,000) into the same schema several ways, in the same run:
#
#   formatters   a fixture file of 7 media objects and wine_{1..ROWS} with
#                the original app's formatters (name, text, numberBetween,
#                randomFloat, a wildcard reference)
#   plain yaml   the same rows as plain values: 'wine-db export' of the
#                database the first load made, one fixture per row
#   plain json   the same, exported as JSON
#   refs forward the plain YAML with the media objects moved to the end,
#                so every wine waits for pass 2 (memory only: the
#                deferred rows stream back from a temporary file)
#   .import      the same rows as CSV, through the sqlite3 shell's .import
#
# Each load runs RUNS times (default 3) into a fresh database; the median
# time is kept, and the largest peak memory (/usr/bin/time -v). It prints
# rows/s, the ratio to .import, the CPU time it took (both cores count:
# on a busy machine the ratio can only be what the CPU times allow) and
# peak memory. Targets: plain >= 1.0x
# .import, formatters >= 0.5x, wine-db under 64 MB. The temporary files
# (about 700 MB for a million rows) are deleted at the end.
set -eu

B=${1:-build}
N=${2:-1000000}
RUNS=${3:-3}
tool=$(cd "$B" && pwd)/wine-db
for need in "$tool" /usr/bin/time sqlite3; do
	command -v "$need" >/dev/null || {
		echo "wine-db-load: missing '$need'" >&2
		exit 1
	}
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/wine-db-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$tmp"

cat >formatters.yaml <<EOF
App\\Entity\\MediaObject:
  madia_object_{1..7}:
    filePath: 'wine<current()>.png'

App\\Entity\\Wine:
  wine_{1..$N}:
    name: <name()>
    description: <text()>
    stock: <numberBetween(1, 100)>
    price: <randomFloat(2, 2, 20)>
    image: '@madia_object_*'
EOF

export SOURCE_DATE_EPOCH=1767225600 # 2026-01-01, for repeatable data

# measure NAME PREPARE COMMAND...: run COMMAND RUNS times, each after
# PREPARE (a shell snippet making a fresh database); keeps NAME.secs (the
# median) and NAME.kb (the largest peak).
measure() {
	name=$1
	prepare=$2
	shift 2
	: >"$name.all"
	: >"$name.peaks"
	: >"$name.cpus"
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		sh -c "$prepare"
		/usr/bin/time -v "$@" >"$name.out" 2>"$name.time" || {
			cat "$name.out" "$name.time" >&2
			exit 1
		}
		awk -F': ' '/Elapsed \(wall clock\)/ {
			n = split($2, t, ":"); s = 0
			for (i = 1; i <= n; i++) s = s * 60 + t[i]
			print s }' "$name.time" >>"$name.all"
		awk -F': ' '/Maximum resident set size/ { print $2 }' \
			"$name.time" >>"$name.peaks"
		awk -F': ' '/(User|System) time/ { s += $2 } END { print s }' \
			"$name.time" >>"$name.cpus"
		i=$((i + 1))
	done
	sort -n "$name.all" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }' \
		>"$name.secs"
	sort -n "$name.peaks" | tail -1 >"$name.kb"
	sort -n "$name.cpus" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }' \
		>"$name.cpu"
}

fresh() { # the shell snippet making a fresh database with the schema
	echo "rm -f $1 $1-wal $1-shm $1-journal; '$tool' -q -d $1 schema create"
}

measure formatters "$(fresh formatters.db)" \
	"$tool" -q -d formatters.db load --seed 1 formatters.yaml

# The same rows as plain values, and as CSV.
"$tool" -d formatters.db export >plain.yaml
"$tool" -d formatters.db export --format json >plain.json
sqlite3 formatters.db -cmd '.mode csv' \
	'SELECT id, image_id, name, description, stock, price FROM wine' \
	>wines.csv

measure yaml "$(fresh yaml.db)" "$tool" -q -d yaml.db load plain.yaml
# The same rows with the media objects last: every wine refers forward,
# so all of them wait for pass 2 in the spool's temporary file.
{
	sed -n '/^App\\Entity\\Wine:/,$p' plain.yaml
	echo
	sed -n '1,/^$/p' plain.yaml
} >late.yaml
measure late "$(fresh late.db)" "$tool" -q -d late.db load late.yaml
measure json "$(fresh json.db)" "$tool" -q -d json.db load plain.json
# .import into the same schema, with the media objects already there.
measure import "$(fresh import.db); sqlite3 import.db \"INSERT INTO
	media_object (id, file_path) VALUES (1, 'wine1.png'), (2, 'wine2.png'),
	(3, 'wine3.png'), (4, 'wine4.png'), (5, 'wine5.png'), (6, 'wine6.png'),
	(7, 'wine7.png')\"" \
	sqlite3 import.db -cmd '.mode csv' '.import wines.csv wine'

rows=$(sqlite3 import.db 'SELECT count(*) FROM wine')
for db in formatters yaml json late; do
	got=$(sqlite3 "$db.db" 'SELECT count(*) FROM wine')
	[ "$got" = "$rows" ] || {
		echo "wine-db-load: $db.db has $got wines, .import $rows" >&2
		exit 1
	}
done
"$tool" -d json.db export | cmp -s - plain.yaml || {
	echo "wine-db-load: the JSON load differs from the YAML one" >&2
	exit 1
}
"$tool" -d late.db export | cmp -s - plain.yaml || {
	echo "wine-db-load: the forward-reference load differs" >&2
	exit 1
}

awk -v n="$N" -v runs="$RUNS" -v load="$(cut -d' ' -f1 /proc/loadavg)" \
	-v is="$(cat import.secs)" -v ik="$(cat import.kb)" \
	-v fs="$(cat formatters.secs)" -v fk="$(cat formatters.kb)" \
	-v ys="$(cat yaml.secs)" -v yk="$(cat yaml.kb)" \
	-v js="$(cat json.secs)" -v jk="$(cat json.kb)" \
	-v ls="$(cat late.secs)" -v lk="$(cat late.kb)" -v lc="$(cat late.cpu)" \
	-v ic="$(cat import.cpu)" -v fc="$(cat formatters.cpu)" \
	-v yc="$(cat yaml.cpu)" -v jc="$(cat json.cpu)" \
	-v ysize="$(wc -c <plain.yaml)" -v jsize="$(wc -c <plain.json)" \
	-v csize="$(wc -c <wines.csv)" '
function row(name, secs, ratio, target, cpu, kb) {
	printf "%-24s %8.2f %10.0f %9.2fx %9s %8.2f %8.1f\n", name, secs,
		n / secs, ratio, target, cpu, kb / 1024
}
BEGIN {
	printf "wine-db load: %d wines, median of %d runs, load average %s\n",
		n, runs, load
	printf "(plain.yaml %.0f MB, plain.json %.0f MB, wines.csv %.0f MB)\n",
		ysize / 1e6, jsize / 1e6, csize / 1e6
	printf "%-24s %8s %10s %10s %9s %8s %8s\n", "", "seconds", "rows/s",
		"vs import", "target", "cpu s", "peak MB"
	row("sqlite3 .import (csv)", is, 1, "", ic, ik)
	row("wine-db load, plain yaml", ys, is / ys, ">= 1.0x", yc, yk)
	row("wine-db load, plain json", js, is / js, ">= 1.0x", jc, jk)
	row("wine-db load, formatters", fs, is / fs, ">= 0.5x", fc, fk)
	row("plain yaml, refs forward", ls, is / ls, "", lc, lk)
	printf "memory target: under 64 MB for every wine-db load\n"
}'
