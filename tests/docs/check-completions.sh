#!/bin/sh
# check-completions.sh BUILD_DIR: the committed completions are exactly what
# completions/gen-completions writes from the tools' option tables, and
# each file parses in its shell.
set -eu
build=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
completions/gen-completions "$build" "$tmp"
status=0
for f in "$tmp"/*; do
	name=$(basename "$f")
	if ! diff -u "completions/$name" "$f"; then
		echo "completions/$name is stale: run 'make completions'"
		status=1
	fi
done
for f in completions/*; do
	case $f in
	*/gen-completions) continue ;;
	esac
	[ -f "$tmp/$(basename "$f")" ] || {
		echo "$f belongs to no tool"
		status=1
	}
done
for f in "$tmp"/*.bash; do bash -n "$f" || status=1; done
if command -v zsh >/dev/null; then
	for f in "$tmp"/_*; do zsh -n "$f" || status=1; done
fi
if command -v fish >/dev/null; then
	for f in "$tmp"/*.fish; do fish -n "$f" || status=1; done
fi
exit $status
