--lines pipelines its requests (--pipeline, 16 by default) over one
connection to a plain http:// hub. Against a real mercure-hub first, with
a durable history so a subscriber reads back everything published:

  $ [ -x "$(command -v mercure-hub)" ] || exit 80
  $ . "$TESTDIR/../helpers.sh"
  $ unset MERCURE_URL MERCURE_PUBLISH_URL MERCURE_JWT_TOKEN MERCURE_JWT_SECRET
  $ unset http_proxy HTTP_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY
  $ key='!ChangeThisMercureHubJWTSecretKey!'
  $ start_hub "$key" --transport-url="sqlite://$CRAMTMP/pipe-$$.db"
  $ sub() { mercure-sub --hub "$HUB" --last-event-id earliest --timeout 5s "$@"; }
  $ pub() { mercure-pub --hub "$HUB" --jwt-key "$key" "$@"; }

10,000 updates, all over one connection; the ids come out in input order,
and a subscriber gets the 10,000 updates in that order:

  $ seq 10000 > lines.txt
  $ : > hub.log
  $ pub --topic https://example.com/pipe --lines --data @lines.txt > ids.txt
  $ wc -l < ids.txt
  10000
  $ sort -u ids.txt | wc -l
  10000
  $ for _ in $(seq 50); do [ "$(grep -c 'request="POST' hub.log)" -ge 10000 ] && break; sleep 0.1; done
  $ grep 'request="POST' hub.log | grep -o ' peer=[^ ]*' | uniq -c | sed 's/ *\([0-9]*\) .*/\1/'
  10000
  $ sub --topic https://example.com/pipe -n 10000 > events.jsonl
  $ jq -r .id events.jsonl | cmp - ids.txt && echo same ids
  same ids
  $ jq -r .data events.jsonl | cmp - lines.txt && echo same data
  same data

--pipeline 1 sends each update once the one before is answered:

  $ seq 100 | pub --topic https://example.com/one --lines --pipeline 1 > ids1.txt
  $ sub --topic https://example.com/one -n 100 | jq -r .id | cmp - ids1.txt && echo same ids
  same ids

A line the hub refuses in the middle (data that is not UTF-8: 400) exits
65 with the hub's message. No line after it is sent any more, but the
answers to those already in flight are read: the ids printed are those of
the 4,999 lines before it, in order, then those of the few lines after it
the hub took, and they are exactly the ids the hub published:

  $ { seq 4999; printf 'bad \377\n'; seq 5001 10000; } > bad.txt
  $ pub --topic https://example.com/bad --lines --data @bad.txt > ids.txt
  mercure-pub: 'http://127.0.0.1:*/.well-known/mercure' answered 400: invalid 'data': not UTF-8 (glob)
  [65]
  $ n=$(wc -l < ids.txt); [ "$n" -ge 4999 ] && [ "$n" -le $((4999 + 15)) ] && echo "4999 to 5014 ids"
  4999 to 5014 ids
  $ sub --topic https://example.com/bad -n "$n" --timeout 2s > events.jsonl
  $ jq -r .id events.jsonl | cmp - ids.txt && echo same ids
  same ids
  $ jq -r .data events.jsonl | head -n 4999 | cmp - <(seq 4999) && echo lines before it
  lines before it
  $ jq -r .data events.jsonl | tail -n +5000 | cmp - <(seq 5001 $((n + 1))) && echo then lines after it
  then lines after it

A line larger than the hub takes (1 MiB) is refused with 413, and the hub
closes the connection: the ids of the lines before it are printed:

  $ { seq 100; head -c 1100000 /dev/zero | tr '\0' x; echo; seq 101 200; } > big.txt
  $ pub --topic https://example.com/big --lines --data @big.txt > ids.txt
  mercure-pub: 'http://127.0.0.1:*/.well-known/mercure' answered 413: request body too large (glob)
  [65]
  $ sub --topic https://example.com/big -n 100 --timeout 2s | jq -r .id | cmp - ids.txt && echo 100 ids
  100 ids

The hub killed mid-stream and started again on the same port: with
--retries the lines not yet answered are sent again once it is back. A
line whose answer was lost may be published twice, so the subscriber
sees every line, in order, once duplicates are dropped:

  $ mkfifo in.fifo
  $ pub --topic https://example.com/restart --lines --retries 10 --data @in.fifo > ids.txt 2> pub.err &
  $ pub_pid=$!
  $ exec 3> in.fifo
  $ for i in $(seq 20); do seq $(((i - 1) * 100 + 1)) $((i * 100)) >&3; sleep 0.01; done
  $ kill -9 "$HUB_PID"; wait "$HUB_PID" 2>/dev/null || true
  $ seq 2001 2500 >&3
  $ sleep 0.3
  $ start_hub "$key" --transport-url="sqlite://$CRAMTMP/pipe-$$.db" 3>&-
  $ seq 2501 3000 >&3; exec 3>&-
  $ wait "$pub_pid"; echo "exit $?"
  exit 0
  $ wc -l < ids.txt
  3000
  $ cat pub.err
  $ sub --topic https://example.com/restart --until-id "$(tail -n 1 ids.txt)" | jq -r '"\(.id) \(.data)"' > events.txt
  $ awk '!seen[$2]++ { print $2 }' events.txt | cmp - <(seq 3000) && echo every line in order
  every line in order
  $ awk 'NR == FNR { id[$1] = 1; next } !($1 in id) { print "unknown id " $1 }' events.txt ids.txt

  $ stop_hub

Against a raw stand-in hub (tests/cli/pipehub.py), the ways an HTTP/1.1
server may answer. One that closes the connection after every answer
("Connection: close"): each line goes on a new connection:

  $ start_pipehub close
  $ seq 5 | mercure-pub --hub "$HUB" -t w --lines
  urn:pipe:1
  urn:pipe:2
  urn:pipe:3
  urn:pipe:4
  urn:pipe:5
  $ cat pipe.log
  1 1
  2 2
  3 3
  4 4
  5 5
  $ stop_pipehub

An HTTP/1.0 server whose answers end with the connection:

  $ rm pipe.log; start_pipehub http10
  $ seq 3 | mercure-pub --hub "$HUB" -t w --lines
  urn:pipe:1
  urn:pipe:2
  urn:pipe:3
  $ stop_pipehub

Chunked answers, each after an interim "100 Continue", on one connection:

  $ rm pipe.log; start_pipehub chunked
  $ seq 50 | mercure-pub --hub "$HUB" -t w --lines > ids.txt
  $ cmp ids.txt <(seq 50 | sed 's/^/urn:pipe:/') && echo in order
  in order
  $ cut -d ' ' -f 1 pipe.log | uniq -c | sed 's/^ *//'
  50 1
  $ stop_pipehub

The window: never more than --pipeline requests in flight, and as many
once the first answer showed the connection stays open (the stand-in
takes 10 ms an answer and notes how many requests it holds each time):

  $ rm pipe.log; start_pipehub slow
  $ seq 40 | mercure-pub --hub "$HUB" -t w --lines --pipeline 4 | tail -n 1
  urn:pipe:40
  $ sort -n pipe.depth | uniq | tr '\n' ' '
  1 2 3 4  (no-eol)
  $ stop_pipehub

A server that closes the connection, without a word, while requests are
in flight after answering some: the connection is opened again and the
unanswered lines sent again, in order:

  $ rm pipe.log; start_pipehub drop=3
  $ seq 10 | mercure-pub --hub "$HUB" -t w --lines | tr '\n' ' '
  urn:pipe:1 urn:pipe:2 urn:pipe:3 urn:pipe:4 urn:pipe:5 urn:pipe:6 urn:pipe:7 urn:pipe:8 urn:pipe:9 urn:pipe:10  (no-eol)
  $ tr '\n' ' ' < pipe.log
  1 1 1 2 1 3 2 4 2 5 2 6 2 7 2 8 2 9 2 10  (no-eol)
  $ stop_pipehub

One that breaks off in the middle of an answer: a connection failure
(exit 69) after the ids before it, or with --retries the line is sent
again, and was then published twice (at least once):

  $ rm pipe.log; start_pipehub cut=3
  $ seq 10 | mercure-pub --hub "$HUB" -t w --lines
  urn:pipe:1
  urn:pipe:2
  urn:pipe:3
  mercure-pub: 'http://127.0.0.1:*/.well-known/mercure': the connection ended in the middle of a response (glob)
  [69]
  $ stop_pipehub
  $ rm pipe.log; start_pipehub cut=3
  $ seq 10 | mercure-pub --hub "$HUB" -t w --lines --retries 1 | tr '\n' ' '
  urn:pipe:1 urn:pipe:2 urn:pipe:3 urn:pipe:5 urn:pipe:6 urn:pipe:7 urn:pipe:8 urn:pipe:9 urn:pipe:10 urn:pipe:11  (no-eol)
  $ tr '\n' ' ' < pipe.log
  1 1 1 2 1 3 1 4 2 4 2 5 2 6 2 7 2 8 2 9 2 10  (no-eol)
  $ stop_pipehub

A 503 in the middle is retried with --retries from that line on, so the
lines still reach the hub in order; each id printed is the answer to its
own line:

  $ rm pipe.log; start_pipehub busy=5
  $ seq 20 | mercure-pub --hub "$HUB" -t w --lines --retries 2 > ids.txt
  $ wc -l < ids.txt
  20
  $ sed 's/urn:pipe://' ids.txt | while read -r n; do sed -n "${n}p" pipe.log; done | cut -d ' ' -f 2 | cmp - <(seq 20) && echo each id its line
  each id its line
  $ stop_pipehub

Without --retries the 503 ends it (exit 69), after the ids of the lines
before it:

  $ rm pipe.log; start_pipehub busy=5
  $ seq 20 | mercure-pub --hub "$HUB" -t w --lines 2>&1 > ids.txt
  mercure-pub: 'http://127.0.0.1:*/.well-known/mercure' answered 503: busy (glob)
  [69]
  $ head -n 5 ids.txt | tr '\n' ' '
  urn:pipe:1 urn:pipe:2 urn:pipe:3 urn:pipe:4 urn:pipe:5  (no-eol)
  $ stop_pipehub

An https:// hub, or a proxy in the environment, is published to one at a
time through libcurl: here a proxy that does not exist (port 1), unless
no_proxy exempts the hub:

  $ start_pipehub close
  $ seq 2 | http_proxy=http://127.0.0.1:1 mercure-pub --hub "$HUB" -t w --lines
  mercure-pub: cannot reach 'http://127.0.0.1:*/.well-known/mercure': *port 1 * (glob)
  [69]
  $ seq 2 | http_proxy=http://127.0.0.1:1 no_proxy=127.0.0.1 mercure-pub --hub "$HUB" -t w --lines
  urn:pipe:1
  urn:pipe:2
  $ stop_pipehub

--pipeline is checked, and applies to --lines only:

  $ mercure-pub --hub http://127.0.0.1:1/ -t a --lines --pipeline 0
  mercure-pub: invalid pipeline '0' (want 1 to 1024)
  usage: mercure-pub --hub URL --topic TOPIC... [--data DATA|@FILE|-] [options]
         mercure-pub --hub URL --topic TOPIC... --lines [--data @FILE|-] [options]
  Try 'mercure-pub --help' for more information.
  [2]
  $ mercure-pub --hub http://127.0.0.1:1/ -t a --lines --pipeline 1025 2>&1 | head -n 1
  mercure-pub: invalid pipeline '1025' (want 1 to 1024)
  $ mercure-pub --hub http://127.0.0.1:1/ -t a -d x --pipeline 4
  mercure-pub: option '--pipeline' applies only to '--lines'
  usage: mercure-pub --hub URL --topic TOPIC... [--data DATA|@FILE|-] [options]
         mercure-pub --hub URL --topic TOPIC... --lines [--data @FILE|-] [options]
  Try 'mercure-pub --help' for more information.
  [2]

A hub nobody answers at is a connection failure (exit 69), retried with
--retries:

  $ port=$(free_port)
  $ echo x | mercure-pub --hub "http://127.0.0.1:$port/.well-known/mercure" -t a --lines
  mercure-pub: cannot reach 'http://127.0.0.1:*/.well-known/mercure': Connection refused (glob)
  [69]
  $ time_start=$(date +%s%N)
  $ echo x | mercure-pub --hub "http://127.0.0.1:$port/.well-known/mercure" -t a --lines --retries 2
  mercure-pub: cannot reach 'http://127.0.0.1:*/.well-known/mercure': Connection refused (glob)
  [69]
  $ [ $(( ($(date +%s%N) - time_start) / 1000000 )) -ge 250 ] && echo waited
  waited
