mercure-hub: the life of a stream: heartbeats, the end at the token's
exp, and SIGTERM ending every stream cleanly.

  $ . "$TESTDIR/hub.sh"
  $ hub_start --jwt-key="$KEY" --allow-anonymous --heartbeat-interval 1s

An idle stream gets a ":" comment about every second:

  $ sub idle --raw "$HUB?topic=a"
  $ sleep 3.5
  $ sub_stop idle
  $ n=$(grep -c '^:$' idle.out); [ "$n" -ge 3 ] && [ "$n" -le 5 ] && echo "$n comments"
  [345] comments (re)

With chunked framing visible (--raw), each comment is its own chunk:

  $ head -c 7 idle.out | od -An -c | tr -s ' '
   2 \r \n : \n \r \n

A stream whose token expires ends at the expiry, with the terminating
chunk, after any update queued before it:

  $ S=$(jwt-mint --key "$KEY" --subscribe '*' --ttl 3s)
  $ start=$(date +%s)
  $ sub exp --raw -H "Authorization: Bearer $S" "$HUB?topic=a"
  $ pub "$PUB" -d topic=a -d id=before-exp -d private=on
  before-exp 200
  $ sub_end exp
  $ elapsed=$(( $(date +%s) - start )); [ "$elapsed" -ge 1 ] && [ "$elapsed" -le 4 ] && echo ended
  ended
  $ grep -a '^id: ' exp.out
  id: before-exp
  $ tail -c 5 exp.out | od -An -c | tr -s ' '
   0 \r \n \r \n
  $ grep -c 'reason=server' hub.log
  1

A client that goes away is noticed:

  $ sub gone "$HUB?topic=a"
  $ [ "$(metric mercure_subscribers)" = 1 ] && echo one
  one
  $ sub_stop gone
  $ for i in $(seq 50); do [ "$(metric mercure_subscribers)" = 0 ] && break; sleep 0.1; done; metric mercure_subscribers
  0

SIGTERM: every stream gets what was queued and the terminating chunk,
and the hub exits 0:

  $ sub t1 --raw "$HUB?topic=a"
  $ sub t2 --raw -H "Authorization: Bearer $SUB" "$HUB?topic=b"

An HTTP/1.0 subscriber gets the events unframed, and its stream ends with
the connection:

  $ sub t0 -0 --raw "$HUB?topic=a"
  $ head_of t0 | grep -E '^(Connection|Transfer)'
  Connection: close
  $ pub "$PUB" -d topic=a -d id=for-all -d data=x
  for-all 200
  $ wait_for t0 '^id: for-all$'

  $ hub_stop
  $ sub_end t0
  $ sed -n 'l 0' t0.out
  :$
  id: for-all$
  data: x$
  $
  $ sub_end t1
  $ sub_end t2
  $ tail -c 5 t1.out | od -An -c | tr -s ' '
   0 \r \n \r \n
  $ tail -c 5 t2.out | od -An -c | tr -s ' '
   0 \r \n \r \n
  $ grep -c 'reason=shutdown' hub.log
  3

SIGINT too:

  $ hub_start --jwt-key="$KEY" --allow-anonymous
  $ kill -INT $HUB_PID
  $ wait $HUB_PID
