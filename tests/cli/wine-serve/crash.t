kill -9 in the middle of a burst of writes: every write that was
answered 2xx is in the database afterwards, the database is sound, and
every such write's update reaches the hub once the server is back.

  $ . "$TESTDIR/setup.sh"
  $ db data.db
  $ KEY='!ChangeThisMercureHubJWTSecretKey!'
  $ HPORT=$(free_port)
  $ HUB=http://127.0.0.1:$HPORT/.well-known/mercure
  $ mercure-hub --jwt-key "$KEY" --addr 127.0.0.1:$HPORT --allow-anonymous --transport-url 'local://?size=5000' --quiet 2>hub.log & HUB_PID=$!
  $ for _ in $(seq 100); do curl -s -o /dev/null http://127.0.0.1:$HPORT/healthz && break; sleep 0.05; done
  $ MERCURE_URL=$HUB MERCURE_JWT_SECRET=$KEY start -d data.db -m media -q --public-url http://localhost:8080

Four writers create wines as fast as they can; the server dies under
them:

  $ burst() { for i in $(seq 400); do curl -s -o /dev/null -w "%{http_code} $1-$i\n" -H 'Content-Type: application/ld+json' -d "{\"name\":\"Burst $1-$i\",\"description\":\"d\",\"stock\":$i,\"price\":1}" $API/api/wines; done; }
  $ (burst a > a.log) & A=$!; (burst b > b.log) & B=$!; (burst c > c.log) & C=$!; (burst d > d.log) & D=$!
  $ sleep 1.5; kill -9 $PID; wait $PID 2>/dev/null; wait $A $B $C $D; true
  $ cat a.log b.log c.log d.log | awk '$1 == 201 { print "Burst " $2 }' | sort > answered
  $ [ "$(wc -l < answered)" -gt 20 ] && echo "many writes answered before the kill"
  many writes answered before the kill
  $ cat a.log b.log c.log d.log | awk '$1 != 201 && $1 != "000"' | wc -l
  0

Every answered write is there, and the file is sound:

  $ sqlite3 data.db "SELECT name FROM wine WHERE name LIKE 'Burst %'" | sort > stored
  $ comm -23 answered stored | wc -l
  0
  $ sqlite3 data.db 'PRAGMA integrity_check'
  ok

After the restart the outbox drains: every answered write's update is at
the hub (a write the kill cut off before its answer may be there too):

  $ MERCURE_URL=$HUB MERCURE_JWT_SECRET=$KEY start -d data.db -m media -q --public-url http://localhost:8080
  $ for _ in $(seq 200); do [ "$(sqlite3 data.db 'SELECT count(*) FROM outbox')" = 0 ] && break; sleep 0.05; done
  $ sqlite3 data.db 'SELECT count(*) FROM outbox'
  0
  $ mercure-sub --hub "$HUB" --topic 'http://localhost:8080/api/wines/{id}' --last-event-id earliest --timeout 1s --format data | jq -r .name | sort -u > delivered
  $ comm -23 answered delivered | wc -l
  0
  $ comm -23 stored delivered | wc -l
  0
  $ stop
  $ kill $HUB_PID; wait $HUB_PID 2>/dev/null; true
