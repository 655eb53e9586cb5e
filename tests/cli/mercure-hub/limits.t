mercure-hub: the limits on connections: per client (--max-connections-
per-client) and in time (--max-stream-duration), beside the total
(--max-connections, in http.t).

  $ . "$TESTDIR/hub.sh"

Past --max-connections-per-client connections from one address, its
requests get 429 with Retry-After and the connection ends; other
addresses are not affected, and a freed connection may be used again:

  $ hub_start --jwt-key="$KEY" --allow-anonymous --max-connections-per-client=2
  $ sub c1 "$HUB?topic=a"
  $ sub c2 "$HUB?topic=a"
  $ req "$BASE/healthz"
  HTTP/1.1 429 Too Many Requests
  Server: winestore
  Content-Type: text/plain; charset=utf-8
  Retry-After: 10
  Content-Length: 38
  Connection: close
  
  too many connections from this client
  $ curl -sS -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $PUB" -d topic=a "$HUB"
  429
  $ curl -sS --interface 127.0.0.2 "$BASE/healthz"
  ok
  $ sub_stop c1
  $ for i in $(seq 50); do [ "$(curl -sS -o /dev/null -w '%{http_code}' "$BASE/healthz")" = 200 ] && break; sleep 0.1; done; echo "$i tries"
  \d+ tries (re)
  $ pub "$PUB" -d topic=a -d id=after
  after 200
  $ wait_for c2 '^id: after$'
  $ sub_stop c2
  $ grep -c 'level=warn .*msg="connection refused" reason="too many connections from one client"' hub.log
  1
  $ [ "$(metric http_refused_total)" -ge 2 ] && echo counted
  counted
  $ hub_stop

The default sets no such limit:

  $ hub_start --jwt-key="$KEY" --allow-anonymous
  $ for i in 1 2 3 4; do sub d$i "$HUB?topic=a"; done
  $ curl -sS "$BASE/healthz"
  ok
  $ for i in 1 2 3 4; do sub_stop d$i; done
  $ hub_stop

Bad values are usage errors:

  $ for n in -1 lots 19801; do mercure-hub --jwt-key="$KEY" --max-connections-per-client=$n; echo "[$?]"; done 2>&1 | grep -v '^usage\|^Try'
  mercure-hub: invalid --max-connections-per-client '-1' (want 0 to 19800)
  [2]
  mercure-hub: invalid --max-connections-per-client 'lots' (want 0 to 19800)
  [2]
  mercure-hub: invalid --max-connections-per-client '19801' (want 0 to 19800)
  [2]
  $ mercure-hub --jwt-key="$KEY" --max-stream-duration=soon 2>&1 | head -n 1
  mercure-hub: invalid duration 'soon' (want e.g. 90s, 30m, 12h, 7d)

--max-stream-duration ends every stream, whatever its token, between 80
and 100 percent of the duration (here 3s), cleanly: what was queued,
then the terminating chunk. A browser's EventSource then reconnects with
Last-Event-ID and gets what it missed:

  $ hub_start --jwt-key="$KEY" --max-stream-duration=3s
  $ start=$(date +%s%N)
  $ sub life --raw -H "Authorization: Bearer $SUB" "$HUB?topic=a"
  $ pub "$PUB" -d topic=a -d id=during
  during 200
  $ sub_end life
  $ ms=$(( ($(date +%s%N) - start) / 1000000 )); [ "$ms" -ge 1300 ] && [ "$ms" -le 4000 ] && echo "ended in time"
  ended in time
  $ grep -a '^id: ' life.out
  id: during
  $ tail -c 5 life.out | od -An -c | tr -s ' '
   0 \r \n \r \n
  $ grep -c 'msg="stream ended" .*reason=server' hub.log
  1
  $ pub "$PUB" -d topic=a -d id=missed
  missed 200
  $ sub again -H "Authorization: Bearer $SUB" -H 'Last-Event-ID: during' "$HUB?topic=a"
  $ wait_for again '^id: missed$'
  $ sub_stop again
  $ hub_stop

Subscribers who came together leave over the last fifth of the duration
(less up to a second: streams are ended once a second, never late):

  $ hub_start --jwt-key="$KEY" --allow-anonymous --max-stream-duration=5s
  $ start=$(date +%s%N)
  $ for i in 1 2 3 4; do sub m$i "$HUB?topic=a"; done
  $ for i in 1 2 3 4; do sub_end m$i; echo $(( ($(date +%s%N) - start) / 1000000 )) >>ends; done
  $ sort -n ends | awk '$1 ~ /^[0-9]+$/ && $1 >= 3000 && $1 <= 6000 { n++ } END { print n " within 3s to 6s" }'
  4 within 3s to 6s
  $ hub_stop

Without it a stream lasts as long as its client and token:

  $ hub_start --jwt-key="$KEY" --allow-anonymous --max-stream-duration=0
  $ sub long "$HUB?topic=a"
  $ sleep 2.5
  $ pub "$PUB" -d topic=a -d id=still
  still 200
  $ wait_for long '^id: still$'
  $ sub_stop long
  $ grep -c 'reason=server' hub.log
  0
  [1]
  $ hub_stop
