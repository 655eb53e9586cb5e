Publishing to an external hub (mercure-hub on its own port, as the
original ran it on 1337): updates wait in the outbox while the hub is
down and reach it, in order, once it is back; after a restart too.

  $ . "$TESTDIR/setup.sh"
  $ db data.db
  $ KEY='!ChangeThisMercureHubJWTSecretKey!'
  $ HPORT=$(free_port)
  $ HUB=http://127.0.0.1:$HPORT/.well-known/mercure
  $ hub_up() {
  >   mercure-hub --jwt-key "$KEY" --addr 127.0.0.1:$HPORT --allow-anonymous --transport-url 'local://?size=1000' --quiet 2>>hub.log &
  >   HUB_PID=$!
  >   for _ in $(seq 100); do curl -s -o /dev/null http://127.0.0.1:$HPORT/healthz && return; sleep 0.05; done
  > }
  $ hub_down() { kill "$HUB_PID"; wait "$HUB_PID" 2>/dev/null; return 0; }
  $ drained() { for _ in $(seq 200); do [ "$(sqlite3 data.db 'SELECT count(*) FROM outbox')" = 0 ] && return; sleep 0.05; done; echo "outbox not drained"; }
  $ seen() { mercure-sub --hub "$HUB" --topic "http://localhost:8080/api/wines/{id}" --last-event-id earliest --timeout 700ms --format data | jq -c '[.id, .stock]'; }
  $ put() { curl -s -o /dev/null -w '%{http_code} ' -X PUT -H 'Content-Type: application/ld+json' -d "{\"stock\":$2}" "http://localhost:$PORT/api/wines/$1"; }

With MERCURE_URL and MERCURE_JWT_SECRET, as Symfony's recipe names them:

  $ hub_up
  $ MERCURE_URL=$HUB MERCURE_JWT_SECRET=$KEY start -d data.db -m media --public-url http://localhost:8080
  $ curl -s -D - -o /dev/null "http://localhost:$PORT/api/wines/1" | grep -o 'rel="mercure"' 
  rel="mercure"
  $ curl -s -D - -o /dev/null "http://localhost:$PORT/api/wines/1" | grep -c "<$HUB>; rel=\"mercure\""
  1
  $ put 1 10; put 2 20; echo
  200 200 
  $ drained; seen
  [1,10]
  [2,20]

The hub goes away: writes still succeed, and wait:

  $ hub_down
  $ put 1 11; put 3 31; put 1 12; echo
  200 200 200 
  $ sqlite3 data.db 'SELECT count(*) FROM outbox'
  3

It comes back (with an empty history): the waiting updates arrive in
order, then new ones:

  $ hub_up
  $ drained; put 2 21; drained; seen
  200 [1,11]
  [3,31]
  [1,12]
  [2,21]
  $ grep -c 'hub refused or unreachable' serve.log
  1
  $ grep -c 'hub reachable again' serve.log
  1

SIGTERM with the hub down: the server stops, what it could not deliver
stays for the next start, which delivers it:

  $ hub_down
  $ put 4 40; echo
  200 
  $ kill -TERM $PID; wait $PID; echo "exit $?"
  exit 0
  $ grep -c 'updates left in the outbox for the next start" count=1' serve.log
  1
  $ hub_up
  $ MERCURE_PUBLISH_URL=$HUB MERCURE_JWT_TOKEN=$(jwt-mint --key "$KEY" --publish '*') start -d data.db -m media --public-url http://localhost:8080
  $ drained; seen
  [4,40]

A token the hub refuses is reported and the updates wait:

  $ stop
  $ MERCURE_PUBLISH_URL=$HUB MERCURE_JWT_TOKEN=$(jwt-mint --key 'not the key' --publish '*') start -d data.db -m media --public-url http://localhost:8080
  $ put 4 41; echo
  200 
  $ sleep 0.5; sqlite3 data.db 'SELECT count(*) FROM outbox'
  1
  $ grep 'hub refused' serve.log | tail -1 | grep -o 'answered 401[^"]*'
  answered 401: Unauthorized
  $ stop
  $ hub_down
