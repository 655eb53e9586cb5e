#!/usr/bin/env bash
# wine-serve.sh [BUILD_DIR]: wine-serve beside its peers, in one run on
# this machine, with wrk:
#
#   GET /api/wines/1   50 connections; nginx serving a static file of the
#                      same bytes, and json-server 0.17.4 on the same data
#   GET /api/wines     50 connections (30 items), json-server's /wines
#   PUT stock          10 connections, the embedded hub holding 1,000
#                      subscribers: 990 each on one wine's IRI and 10 on
#                      the URI template of every wine (as the original
#                      page subscribes); every update must reach the ten
#                      and the one subscriber of its wine
#   idle RSS           wine-serve with the sample data, after a few reads
#
# Targets (the issue): GET item >= 0.3x nginx and >= 30,000 req/s; GET
# list >= 10,000 req/s; PUT >= 5,000 req/s with p99 <= 20 ms, all
# delivered; idle RSS <= 10 MB. BENCH_SECONDS sets each run's length
# (default 5). json-server is installed with npm into a cache folder
# (BENCH_CACHE, default ~/.cache/winestore-bench) on first use; it is
# skipped when npm cannot fetch it.
set -eu
B=${1:-build}
bin=$(cd "$B" && pwd)
top=$(pwd)
secs=${BENCH_SECONDS:-5}
cache=${BENCH_CACHE:-$HOME/.cache/winestore-bench}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/wine-serve-bench.XXXXXX")
pids=
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	for p in $pids; do wait "$p" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)"
for need in wrk curl python3 cc; do
	command -v "$need" >/dev/null || {
		echo "wine-serve.sh: missing '$need'" >&2
		exit 1
	}
done

port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
up() { # port
	for _ in $(seq 200); do
		curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0
		sleep 0.05
	done
	echo "wine-serve.sh: nothing answers on port $1" >&2
	return 1
}
rps() { awk '/^Requests\/sec:/ { printf "%.0f", $2 }'; }
p99() { awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) sub(/ms/, "", v); else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 } printf "%.2f", v }'; }
bench() { # connections url [wrk args]
	c=$1
	u=$2
	shift 2
	wrk -t1 -c"$c" -d"${secs}s" --latency "$@" "$u" >"$tmp/wrk.out" 2>&1 || true
	cat "$tmp/wrk.out" >>"$tmp/wrk.log"
}

# ---- data: the sample fixtures, and 1,000 wines for the write test
"$bin/wine-db" -q -d "$tmp/sample.db" schema create
"$bin/wine-db" -q -d "$tmp/sample.db" load --seed 1 "$top/web/data/wines.yaml"
sed 's/wine_{1..10}:/wine_{1..1000}:/' "$top/web/data/wines.yaml" >"$tmp/big.yaml"
"$bin/wine-db" -q -d "$tmp/big.db" schema create
"$bin/wine-db" -q -d "$tmp/big.db" load --seed 1 "$tmp/big.yaml"

# ---- wine-serve on the sample data; its idle memory
ws=$(port)
"$bin/wine-serve" -l "127.0.0.1:$ws" -d "$tmp/sample.db" -m "$tmp/media" -q &
wspid=$!
pids="$pids $wspid"
up "$ws"
for p in /api/wines/1 /api/wines /api /api/docs.jsonld / /app.js; do
	curl -s -o /dev/null "http://127.0.0.1:$ws$p"
done
rss_kb=$(awk '/^VmRSS/ { print $2 }' "/proc/$wspid/status")
anon_kb=$(awk '/^RssAnon/ { print $2 }' "/proc/$wspid/status")

# ---- nginx: the same bytes as static files
mkdir -p "$tmp/www" "$tmp/nginx"
curl -s "http://127.0.0.1:$ws/api/wines/1" >"$tmp/www/wine1.json"
curl -s "http://127.0.0.1:$ws/api/wines" >"$tmp/www/wines.json"
ng=
if command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; then
	ng=$(port)
	cat >"$tmp/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
master_process off;
error_log $tmp/nginx/error.log;
pid $tmp/nginx/nginx.pid;
events { worker_connections 1024; }
http {
	access_log off;
	sendfile on;
	tcp_nopush on;
	keepalive_requests 1000000;
	open_file_cache max=16 inactive=60s;
	default_type application/ld+json;
	client_body_temp_path $tmp/nginx;
	proxy_temp_path $tmp/nginx;
	fastcgi_temp_path $tmp/nginx;
	uwsgi_temp_path $tmp/nginx;
	scgi_temp_path $tmp/nginx;
	server { listen 127.0.0.1:$ng; root $tmp/www; }
}
CONF
	"$(command -v nginx || echo /usr/sbin/nginx)" -c "$tmp/nginx/nginx.conf" -p "$tmp/nginx" 2>/dev/null &
	pids="$pids $!"
	up "$ng" || ng=
fi

# ---- json-server 0.17.4 on the same wines
js=
if [ ! -f "$cache/node_modules/json-server/package.json" ] && command -v npm >/dev/null; then
	mkdir -p "$cache"
	npm install --prefix "$cache" --no-audit --no-fund --silent json-server@0.17.4 >/dev/null 2>&1 || true
fi
if [ -f "$cache/node_modules/json-server/package.json" ]; then
	js=$(port)
	printf '{"wines":%s}\n' "$(curl -s -H 'Accept: application/json' "http://127.0.0.1:$ws/api/wines")" >"$tmp/db.json"
	(cd "$tmp" && exec node "$cache/node_modules/json-server/lib/cli/bin.js" --quiet --port "$js" db.json) >/dev/null 2>&1 &
	pids="$pids $!"
	up "$js" || js=
fi

# ---- reads
bench 50 "http://127.0.0.1:$ws/api/wines/1"
item=$(rps <"$tmp/wrk.out")
bench 50 "http://127.0.0.1:$ws/api/wines"
list=$(rps <"$tmp/wrk.out")
ngitem=- nglist=- jsitem=- jslist=-
if [ -n "$ng" ]; then
	bench 50 "http://127.0.0.1:$ng/wine1.json"
	ngitem=$(rps <"$tmp/wrk.out")
	bench 50 "http://127.0.0.1:$ng/wines.json"
	nglist=$(rps <"$tmp/wrk.out")
fi
if [ -n "$js" ]; then
	bench 50 "http://127.0.0.1:$js/wines/1"
	jsitem=$(rps <"$tmp/wrk.out")
	bench 50 "http://127.0.0.1:$js/wines"
	jslist=$(rps <"$tmp/wrk.out")
fi
kill "$wspid"
wait "$wspid" 2>/dev/null || true

# ---- writes with 1,000 subscribers on the embedded hub
# sseload counts each subscription's events per wine; make bench builds
# it with the other bench/*.c programs.
[ -x "$bin/bench/sseload" ] || make -s -C "$top" "$B/bench/sseload"
wp=$(port)
"$bin/wine-serve" -l "127.0.0.1:$wp" -d "$tmp/big.db" -m "$tmp/media" -q \
	--public-url http://bench.example &
wppid=$!
pids="$pids $wppid"
up "$wp"
set -- "10*http://bench.example/api/wines/{id}"
i=1
while [ $i -le 990 ]; do
	set -- "$@" "http://bench.example/api/wines/$i"
	i=$((i + 1))
done
"$bin/bench/sseload" 127.0.0.1 "$wp" /.well-known/mercure 3600 "$@" >"$tmp/subs.out" &
subpid=$!
pids="$pids $subpid"
for _ in $(seq 200); do
	grep -q ready "$tmp/subs.out" && break
	sleep 0.05
done
cat >"$tmp/put.lua" <<'LUA'
local n = 0
request = function()
	n = n + 1
	local id = (n * 7919) % 1000 + 1
	return wrk.format("PUT", "/api/wines/" .. id,
		{ ["Content-Type"] = "application/ld+json" },
		'{"stock":' .. (n % 100) .. '}')
end
LUA
bench 10 "http://127.0.0.1:$wp/api/wines/1" -s "$tmp/put.lua"
put=$(rps <"$tmp/wrk.out")
putp99=$(p99 <"$tmp/wrk.out")
done_reqs=$(awk '/requests in/ { print $1 }' "$tmp/wrk.out")
bad=$(awk '/Non-2xx/ { print $NF }' "$tmp/wrk.out")
rss_busy=$(awk '/^VmRSS/ { print $2 }' "/proc/$wppid/status")
sleep 1
kill "$subpid"
wait "$subpid" 2>/dev/null || true
# Every update: each template subscriber saw the same number, at least
# the requests wrk completed; each wine's subscriber saw exactly what the
# template subscribers saw for its wine.
verdict=$(awk -v done="$done_reqs" '
	$1 == "ready" { next }
	$1 ~ /{id}$/ {
		t++; if (tmpl == "") tmpl = $2; else if ($2 != tmpl) bad++
		if (t == 1) for (i = 3; i <= NF; i++) { split($i, kv, ":"); want[kv[1]] = kv[2] }
		next
	}
	{ n = split($1, p, "/"); id = p[n]; got[id] = $2; singles++ }
	END {
		for (id in got) if (got[id] != want[id] + 0) miss++
		if (t != 10 || singles != 990) print "missing subscribers"
		else if (bad || miss) printf "LOST: %d template, %d wine subscribers off\n", bad, miss
		else if (tmpl < done) printf "LOST: %d of %d\n", done - tmpl, done
		else printf "all %d delivered (x10 template + 1 per wine)\n", tmpl
	}' "$tmp/subs.out")

ratio() {
	if [ "$2" = - ]; then
		echo -
	else
		awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'
	fi
}
echo
printf '%-34s %12s %12s %12s  %s\n' scenario wine-serve nginx json-server "target"
printf '%-34s %12s %12s %12s  %s\n' 'GET /api/wines/1 c=50 (req/s)' "$item" "$ngitem" "$jsitem" \
	">= 30000, >= 0.3x nginx: $(ratio "$item" "$ngitem") nginx, $(ratio "$item" "$jsitem") json-server"
printf '%-34s %12s %12s %12s  %s\n' 'GET /api/wines c=50 (req/s)' "$list" "$nglist" "$jslist" \
	">= 10000: $(ratio "$list" "$jslist") json-server"
printf '%-34s %12s %12s %12s  %s\n' 'PUT stock c=10, 1000 subs (req/s)' "$put" - - ">= 5000"
printf '%-34s %12s %12s %12s  %s\n' '  p99 latency (ms)' "$putp99" - - "<= 20"
printf '%-34s %12s %12s %12s  %s\n' '  delivery' "${bad:-0} non-2xx" - - "$verdict"
printf '%-34s %12s %12s %12s  %s\n' 'idle RSS, sample data (MB)' "$(awk -v k="$rss_kb" 'BEGIN { printf "%.1f", k / 1024 }')" - - "<= 10"
printf '%-34s %12s %12s %12s  %s\n' '  of which private (MB)' "$(awk -v k="$anon_kb" 'BEGIN { printf "%.1f", k / 1024 }')" - - "the rest: shared library pages"
printf '%-34s %12s %12s %12s  %s\n' 'RSS with 1000 subscribers (MB)' "$(awk -v k="$rss_busy" 'BEGIN { printf "%.1f", k / 1024 }')" - - ""
