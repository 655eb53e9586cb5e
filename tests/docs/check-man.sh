#!/bin/sh
# check-man.sh TOOL MANPAGE: the man page documents exactly the options and
# environment variables of the tool's option table (--dump-options), both
# ways, and every short letter beside its long name.
set -eu
tool=$1
page=$2
[ -f "$page" ] || { echo "missing man page '$page'"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$tool" --dump-options >"$tmp/dump"
awk -F'\t' '$1 == "option" { print $2 }' "$tmp/dump" | sort -u >"$tmp/table-long"
awk -F'\t' '$1 == "option" && $3 != "" { print $3 " " $2 }' "$tmp/dump" |
	sort -u >"$tmp/table-short"
awk -F'\t' '$1 == "option" && $5 != "" { print $5 }' "$tmp/dump" |
	sort -u >"$tmp/table-env"

# ".It Fl k , Fl \-key Ar key" gives "key" (long) and "k key" (short).
grep '^\.It Fl' "$page" | grep -o 'Fl \\-[A-Za-z0-9-]*' |
	sed 's/^Fl \\-//' | sort -u >"$tmp/man-long"
grep '^\.It Fl [A-Za-z0-9] , Fl \\-' "$page" |
	sed 's/^\.It Fl \([A-Za-z0-9]\) , Fl \\-\([A-Za-z0-9-]*\).*/\1 \2/' |
	sort -u >"$tmp/man-short"
grep '^\.It Ev ' "$page" | awk '{ print $3 }' | sort -u >"$tmp/man-env"

status=0
compare() { # what table man
	if ! diff -u "$2" "$3" >"$tmp/diff"; then
		echo "$page: $1 differ from the option table (- table, + man):"
		tail -n +3 "$tmp/diff"
		status=1
	fi
}
compare "long options" "$tmp/table-long" "$tmp/man-long"
compare "short options" "$tmp/table-short" "$tmp/man-short"
compare "environment variables" "$tmp/table-env" "$tmp/man-env"
for section in NAME SYNOPSIS DESCRIPTION "EXIT STATUS" EXAMPLES "SEE ALSO"; do
	grep -q "^\.Sh $section\$" "$page" || {
		echo "$page: no '$section' section"
		status=1
	}
done
exit $status
