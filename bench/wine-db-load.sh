#!/bin/sh
# wine-db-load.sh [BUILD_DIR] [ROWS]: load ROWS wines (default 1,000,000)
# three ways into the same schema, in the same run, and compare:
#
#   formatters  a fixture file of 7 media objects and wine_{1..ROWS} with
#               the original app's formatters (name, text, numberBetween,
#               randomFloat, a wildcard reference)
#   plain       the same rows as plain values: 'wine-db export' of the
#               database the first load made (one fixture per row)
#   .import     the same rows as CSV, through the sqlite3 shell's .import
#
# It prints rows/s, the ratios to .import and each load's peak memory
# (/usr/bin/time -v). Targets: plain >= 1.0x .import, formatters >= 0.5x,
# peak memory < 64 MB. Temporary files are deleted at the end.
set -eu

B=${1:-build}
N=${2:-1000000}
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

# run NAME COMMAND...: time one load; keeps seconds and peak KB in files.
run() {
	name=$1
	shift
	/usr/bin/time -v "$@" >"$name.out" 2>"$name.time" || {
		cat "$name.out" "$name.time" >&2
		exit 1
	}
	awk -F': ' '/Elapsed \(wall clock\)/ {
		n = split($2, t, ":"); s = 0
		for (i = 1; i <= n; i++) s = s * 60 + t[i]
		print s }' "$name.time" >"$name.secs"
	awk -F': ' '/Maximum resident set size/ { print $2 }' \
		"$name.time" >"$name.kb"
}

export SOURCE_DATE_EPOCH=1767225600 # 2026-01-01, for repeatable data

"$tool" -q -d formatters.db schema create
run formatters "$tool" -q -d formatters.db load --seed 1 formatters.yaml

# The same rows as plain values, and as CSV.
"$tool" -d formatters.db export >plain.yaml
sqlite3 formatters.db -cmd '.mode csv' \
	'SELECT id, image_id, name, description, stock, price FROM wine' \
	>wines.csv

"$tool" -q -d plain.db schema create
run plain "$tool" -q -d plain.db load plain.yaml

# .import into the same schema, the media objects already there.
"$tool" -q -d import.db schema create
sqlite3 import.db "INSERT INTO media_object (id, file_path) VALUES
	(1, 'wine1.png'), (2, 'wine2.png'), (3, 'wine3.png'), (4, 'wine4.png'),
	(5, 'wine5.png'), (6, 'wine6.png'), (7, 'wine7.png')"
run import sqlite3 import.db -cmd '.mode csv' '.import wines.csv wine'

rows=$(sqlite3 import.db 'SELECT count(*) FROM wine')
for db in formatters plain; do
	got=$(sqlite3 "$db.db" 'SELECT count(*) FROM wine')
	[ "$got" = "$rows" ] || {
		echo "wine-db-load: $db.db has $got wines, .import $rows" >&2
		exit 1
	}
done

awk -v n="$N" -v fs="$(cat formatters.secs)" -v ps="$(cat plain.secs)" \
	-v is="$(cat import.secs)" -v fk="$(cat formatters.kb)" \
	-v pk="$(cat plain.kb)" -v ik="$(cat import.kb)" \
	-v psize="$(wc -c <plain.yaml)" -v csize="$(wc -c <wines.csv)" 'BEGIN {
	printf "wine-db load, %d wines (plain.yaml %.0f MB, wines.csv %.0f MB)\n",
		n, psize / 1e6, csize / 1e6
	printf "%-22s %8s %12s %10s %10s %8s\n", "", "seconds", "rows/s",
		"vs import", "target", "peak MB"
	printf "%-22s %8.2f %12.0f %10s %10s %8.1f\n", "sqlite3 .import (csv)",
		is, n / is, "1.00x", "", ik / 1024
	printf "%-22s %8.2f %12.0f %9.2fx %10s %8.1f\n", "wine-db load, plain",
		ps, n / ps, is / ps, ">= 1.0x", pk / 1024
	printf "%-22s %8.2f %12.0f %9.2fx %10s %8.1f\n", "wine-db load, faker",
		fs, n / fs, is / fs, ">= 0.5x", fk / 1024
	printf "memory target: < 64 MB for wine-db\n"
}'
