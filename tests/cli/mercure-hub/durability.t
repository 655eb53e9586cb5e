An update acknowledged with 200 survives kill -9 of the hub and is
replayed after a restart; the history stays bounded by its size.

  $ port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  $ key=durability-test-secret-0123456789abcdef
  $ start() {
  >   mercure-hub --jwt-key=$key --addr=127.0.0.1:$port --quiet \
  >     --transport-url="sqlite://$CRAMTMP/hub.db?size=50" 2>>hub.log &
  >   pid=$!
  >   for i in $(seq 100); do curl -s -o /dev/null http://127.0.0.1:$port/healthz && break; sleep 0.05; done
  > }
  $ start
  $ token=$(jwt-mint --key $key --publish '*')
  $ for i in $(seq 60); do
  >   curl -s -H "Authorization: Bearer $token" -d topic=https://example.com/wines/$i \
  >     -d data=stock-$i http://127.0.0.1:$port/.well-known/mercure; echo
  > done > ids
  $ wc -l < ids
  60
  $ kill -9 $pid; wait $pid 2>/dev/null
  [137]

After the restart every acknowledged update of the last 50 replays, in
order, from the earliest:

  $ start
  $ curl -gsN --max-time 2 "http://127.0.0.1:$port/.well-known/mercure?topic=*&lastEventID=earliest" \
  >   -H "Authorization: Bearer $(jwt-mint --key $key --subscribe '*')" > events
  [28]
  $ grep '^id: ' events | sed 's/^id: //' > replayed
  $ tail -n 50 ids | diff - replayed && echo same
  same
  $ grep -c '^data: stock-' events
  50

A cursor in the middle replays what follows it, and the response names it:

  $ mid=$(sed -n 40p ids)
  $ curl -gsN --max-time 1 -D headers "http://127.0.0.1:$port/.well-known/mercure?topic=*&lastEventID=$mid" \
  >   -H "Authorization: Bearer $(jwt-mint --key $key --subscribe '*')" | grep -c '^id: '
  20
  $ grep -c "^Last-Event-ID: $mid" headers
  1

SIGTERM ends the streams and the hub exits 0:

  $ kill $pid; wait $pid
