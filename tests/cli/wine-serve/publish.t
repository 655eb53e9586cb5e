Every committed change is published to the embedded hub: topic = the
absolute IRI, data = the item's JSON-LD as GET returns it; a delete
sends {"@id":...}; a comment's change republishes its wine.

  $ . "$TESTDIR/setup.sh"
  $ db data.db
  $ start -d data.db -m media -q --public-url https://wines.example/
  $ H='Content-Type: application/ld+json'
  $ sub() { mercure-sub --hub $API/.well-known/mercure --last-event-id earliest --timeout 2s "$@"; }

  $ curl -s -o /dev/null -X PUT -H "$H" -d '{"stock":6}' $API/api/wines/2
  $ curl -s -o /dev/null -H "$H" -d '{"text":"Good.","wine":"/api/wines/3"}' $API/api/comments
  $ curl -s -o /dev/null -X DELETE $API/api/wines/4

Topics are absolute IRIs under --public-url:

  $ for t in wines/2 comments/4 wines/3 wines/4 wines/1; do echo "$t $(sub --timeout 500ms --topic https://wines.example/api/$t --format data | wc -l)"; done
  wines/2 1
  comments/4 1
  wines/3 1
  wines/4 1
  wines/1 0
  $ sub --timeout 500ms --topic "$API/api/wines/2" | wc -l
  0

Data is what GET returns, byte for byte:

  $ sub --topic https://wines.example/api/wines/2 -n 1 --format data > event
  $ curl -s $API/api/wines/2 > get
  $ (cat get; echo) | cmp - event && echo same
  same
  $ sub --topic https://wines.example/api/wines/3 -n 1 --format data | jq -c '[.["@id"], [.comments[].text]]'
  ["/api/wines/3",["Très bon.","Good."]]
  $ sub --topic https://wines.example/api/wines/4 -n 1 --format data
  {"@id":"\/api\/wines\/4"}

A live subscriber with the Angular client's template gets each change
within the request's turn; ids are the outbox's, in order:

  $ mercure-sub --hub $API/.well-known/mercure --topic 'https://wines.example/api/wines/{id}' -n 3 --timeout 5s --format data > live & BG=$!
  $ sleep 0.5
  $ for s in 11 12 13; do curl -s -o /dev/null -X PUT -H "$H" -d "{\"stock\":$s}" $API/api/wines/1; done
  $ wait $BG
  $ jq -c .stock live
  11
  12
  13

The outbox is empty once the hub took everything:

  $ sqlite3 data.db 'SELECT count(*) FROM outbox'
  0

Publishing over HTTP to the embedded hub needs a publisher token; with
MERCURE_JWT_SECRET a valid one is accepted:

  $ curl -s -w ' %{http_code}\n' -d topic=x -d data=y $API/.well-known/mercure
  Unauthorized
   401
  $ stop
  $ MERCURE_JWT_SECRET='a-long-enough-secret-for-hs256-tokens!' start -d data.db -m media -q
  $ T=$(jwt-mint --key 'a-long-enough-secret-for-hs256-tokens!' --publish '*')
  $ curl -s -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $T" -d topic=x -d data=y $API/.well-known/mercure
  200

Deleting a wine deletes its comments, and says so on their topics too:

  $ curl -s -o /dev/null -w '%{http_code}\n' -X DELETE $API/api/wines/1
  204
  $ for n in 1 2; do mercure-sub --hub $API/.well-known/mercure --last-event-id earliest --timeout 500ms --topic "http://127.0.0.1:$PORT/api/comments/$n" --format data; done
  {"@id":"\/api\/comments\/1"}
  {"@id":"\/api\/comments\/2"}
  $ stop
