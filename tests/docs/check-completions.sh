#!/bin/sh
# check-completions.sh BUILD_DIR: the committed completions are what
# completions/gen-completions makes from the tools' option tables now, and
# the bash ones load.
set -eu
build=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
completions/gen-completions "$build" "$tmp"
status=0
for f in "$tmp"/*; do
	name=$(basename "$f")
	if ! diff -u "completions/$name" "$f" >"$tmp/diff" 2>&1; then
		echo "completions/$name is stale (run 'make completions'):"
		cat "$tmp/diff"
		status=1
	fi
done
for f in "$tmp"/*.bash; do
	bash -n "$f" || status=1
done
exit $status
