The original Angular client's requests, replayed byte for byte: its
HttpClient Accept header, the preflight its PUT causes, the PUT itself,
and the EventSource on the URI template of the wines' IRIs.

  $ . "$TESTDIR/setup.sh"
  $ db data.db
  $ start -d data.db -m media -q
  $ NG='Accept: application/json, text/plain, */*'
  $ ORIGIN='Origin: http://localhost:4200'
  $ WINES=http://localhost:$PORT/api/wines

WinesEndpoint.getAll(): JSON-LD with hydra:member, readable cross-origin:

  $ curl -s -D headers -H "$NG" -H "$ORIGIN" $WINES | jq -c '[.["hydra:member"][] | {id, stock, img: .image.filePath}]'
  [{"id":1,"stock":37,"img":"wine2.png"},{"id":2,"stock":0,"img":"wine1.png"},{"id":3,"stock":5,"img":null},{"id":4,"stock":100,"img":"wine1.png"}]
  $ grep -e '^Content-Type' -e '^Access-Control-Allow-Origin' headers
  Content-Type: application/ld+json; charset=utf-8\r (esc)
  Access-Control-Allow-Origin: http://localhost:4200\r (esc)

getWine(id):

  $ curl -s -H "$NG" -H "$ORIGIN" $WINES/1 | jq -c '{id, name, stock, price, n: (.comments | length)}'
  {"id":1,"name":"Prof. Cordie Kuhlman","stock":37,"price":14.63,"n":2}

sync(): the hub from its environment, the topic a URI template:

  $ TOPIC=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$WINES/{id}")
  $ curl -sN --max-time 3 -H 'Accept: text/event-stream' -H "$ORIGIN" "http://localhost:$PORT/.well-known/mercure?topic=$TOPIC" > events & BG=$!
  $ sleep 0.5

updateWine(): the browser's preflight, then the PUT with Number(stock):

  $ curl -s -o /dev/null -w '%{http_code}\n' -X OPTIONS -H "$ORIGIN" -H 'Access-Control-Request-Method: PUT' -H 'Access-Control-Request-Headers: content-type' $WINES/1
  204
  $ curl -s -X PUT -H "$NG" -H "$ORIGIN" -H 'Content-Type: application/ld+json' --data-binary '{"stock":5}' $WINES/1 | jq -c '{id, stock}'
  {"id":1,"stock":5}

The event has no type (onmessage fires) and its data carries id and stock
(the client reads nothing else):

  $ wait $BG
  [28]
  $ grep -c '^event:' events
  0
  [1]
  $ grep '^data:' events | sed 's/^data: //' | jq -c '{id, stock, "@id": .["@id"]}'
  {"id":1,"stock":5,"@id":"/api/wines/1"}

The production configuration's apiWineUrl ends in .json: a bare array,
as with API Platform (the client's wines['hydra:member'] is then
undefined there too):

  $ curl -s -H "$NG" $WINES.json | jq -c 'type, .[0].image'
  "array"
  {"filePath":"wine2.png"}

  $ stop
