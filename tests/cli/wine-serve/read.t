Reads: the entrypoint, contexts, documentation, items and collections in
JSON-LD and JSON, as API Platform 2.5 answers them.

  $ . "$TESTDIR/setup.sh"
  $ db data.db
  $ start --database-url "sqlite:///$PWD/data.db" --quiet

The entrypoint, JSON-LD by default (also for */* and no Accept at all):

  $ curl -s $API/api
  {"@context":"/api/contexts/Entrypoint","@id":"/api","@type":"Entrypoint","comment":"/api/comments","mediaObject":"/api/media_objects","wine":"/api/wines"} (no-eol)
  $ curl -s -H 'Accept: */*' -D - -o /dev/null $API/api | grep -i -e '^content-type' -e '^link' | sed "s/$PORT/PORT/"
  Content-Type: application/ld+json; charset=utf-8\r (esc)
  Link: <http://127.0.0.1:PORT/api/docs.jsonld>; rel="http://www.w3.org/ns/hydra/core#apiDocumentation"\r (esc)
  $ curl -s -H 'Accept: application/json' $API/api/index.json
  {"comment":"/api/comments","mediaObject":"/api/media_objects","wine":"/api/wines"} (no-eol)

A browser gets the HTML documentation page:

  $ curl -s -H 'Accept: text/html,application/xhtml+xml,*/*;q=0.8' -D - $API/api | grep -e '^Content-Type' -e '<h1>'
  Content-Type: text/html; charset=utf-8\r (esc)
  <h1>Winestore API</h1>

Contexts, with @vocab the absolute documentation URL:

  $ curl -s $API/api/contexts/Entrypoint | sed "s/$PORT/PORT/"
  {"@context":{"@vocab":"http://127.0.0.1:PORT/api/docs.jsonld#","hydra":"http://www.w3.org/ns/hydra/core#","Entrypoint":"Entrypoint","comment":{"@id":"Entrypoint/comment","@type":"@id"},"mediaObject":{"@id":"Entrypoint/mediaObject","@type":"@id"},"wine":{"@id":"Entrypoint/wine","@type":"@id"}}} (no-eol)
  $ curl -s $API/api/contexts/Wine | jq -c '.["@context"] | del(.["@vocab"])'
  {"hydra":"http://www.w3.org/ns/hydra/core#","name":"Wine/name","description":"Wine/description","stock":"Wine/stock","price":"Wine/price","comments":"Wine/comments","image":"http://schema.org/image"}
  $ curl -s $API/api/contexts/Comment | jq -c '.["@context"].wine'
  {"@id":"Comment/wine","@type":"@id"}
  $ curl -s $API/api/contexts/ConstraintViolationList | jq -c '.["@context"] | keys'
  ["@vocab","hydra"]
  $ curl -s -w ' %{http_code}\n' $API/api/contexts/Nope
  {"@context":"\/api\/contexts\/Error","@type":"hydra:Error","hydra:title":"An error occurred","hydra:description":"Not Found"} 404

The Hydra documentation has what API Platform's doc parser reads:

  $ curl -s $API/api/docs.jsonld > docs.jsonld
  $ jq -r '.["@context"]["@vocab"], .["@id"], .["@type"], .["hydra:entrypoint"]' docs.jsonld | sed "s/$PORT/PORT/"
  http://127.0.0.1:PORT/api/docs.jsonld#
  /api/docs.jsonld
  hydra:ApiDocumentation
  /api
  $ jq -r '.["hydra:supportedClass"][]["@id"]' docs.jsonld
  #Comment
  http://schema.org/MediaObject
  #Wine
  #Entrypoint
  #ConstraintViolation
  #ConstraintViolationList
  $ jq -c '.["hydra:supportedClass"][] | select(.["@id"] == "#Wine") | [.["hydra:supportedProperty"][]["hydra:title"]], [.["hydra:supportedOperation"][]["hydra:method"]]' docs.jsonld
  ["name","description","stock","price","comments","image"]
  ["GET","PUT","PATCH","DELETE"]
  $ jq -c '.["hydra:supportedClass"][] | select(.["@id"] == "#Entrypoint") | .["hydra:supportedProperty"][] | [.["hydra:property"]["@id"], .["hydra:property"]["rdfs:range"][1]["owl:equivalentClass"]["owl:allValuesFrom"]["@id"], [.["hydra:property"]["hydra:supportedOperation"][]["hydra:method"]]]' docs.jsonld
  ["#Entrypoint/comment","#Comment",["GET","POST"]]
  ["#Entrypoint/mediaObject","http://schema.org/MediaObject",["GET","POST"]]
  ["#Entrypoint/wine","#Wine",["GET","POST"]]

OpenAPI 3:

  $ curl -s $API/api/docs.json | jq -c '[.openapi, (.paths | keys), (.components.schemas["Wine-write"].required)]'
  ["3.0.2",["/api/comments","/api/comments/{id}","/api/media_objects","/api/media_objects/{id}","/api/wines","/api/wines/{id}"],["name","description","stock","price"]]

An item in JSON-LD: API Platform's keys, order and escaping; embedded
comments and image; nulls left out:

  $ curl -s -D headers $API/api/wines/1; echo
  {"@context":"\/api\/contexts\/Wine","@id":"\/api\/wines\/1","@type":"Wine","id":1,"name":"Prof. Cordie Kuhlman","description":"Et dolor quia \u0026 \u0022fine\u0022 \u003Cred\u003E.","stock":37,"price":14.63,"comments":[{"@id":"\/api\/comments\/1","@type":"Comment","text":"Quia nice.","createdAt":"2020-03-28T14:21:09+00:00"},{"@id":"\/api\/comments\/2","@type":"Comment","text":"Second thoughts.","createdAt":"2020-03-29T08:00:00+00:00"}],"image":{"@id":"\/api\/media_objects\/2","@type":"http:\/\/schema.org\/MediaObject","filePath":"wine2.png"}}
  $ grep -v -e '^Date' -e '^Content-Length' headers | sed "s/$PORT/PORT/g"
  HTTP/1.1 200 OK\r (esc)
  Server: winestore\r (esc)
  Content-Type: application/ld+json; charset=utf-8\r (esc)
  Vary: Accept\r (esc)
  X-Content-Type-Options: nosniff\r (esc)
  X-Frame-Options: deny\r (esc)
  Cache-Control: no-cache, private\r (esc)
  Link: <http://127.0.0.1:PORT/api/docs.jsonld>; rel="http://www.w3.org/ns/hydra/core#apiDocumentation",<http://127.0.0.1:PORT/.well-known/mercure>; rel="mercure"\r (esc)
  Accept-Patch: application/merge-patch+json\r (esc)
  ETag: "073dcf3ad957031bf4f798bb6520893f"\r (esc)
  \r (esc)
  $ curl -s $API/api/wines/3; echo
  {"@context":"\/api\/contexts\/Wine","@id":"\/api\/wines\/3","@type":"Wine","id":3,"name":"Château Müller","description":"Élevé en fût.","stock":5,"price":19.99,"comments":[{"@id":"\/api\/comments\/3","@type":"Comment","text":"Très bon.","createdAt":"2021-01-02T03:04:05+00:00"}]}

Plain JSON, by Accept or by suffix (non-ASCII as \u escapes, as Symfony's
JSON encoder writes it):

  $ curl -s -H 'Accept: application/json' $API/api/wines/3; echo
  {"id":3,"name":"Ch\u00e2teau M\u00fcller","description":"\u00c9lev\u00e9 en f\u00fbt.","stock":5,"price":19.99,"comments":[{"text":"Tr\u00e8s bon.","createdAt":"2021-01-02T03:04:05+00:00"}]}
  $ curl -s $API/api/wines/2.json; echo
  {"id":2,"name":"Dr. Aliyah Ratke","description":"Crisp, dry\/light.","stock":0,"price":12,"comments":[],"image":{"filePath":"wine1.png"}}
  $ curl -s -H 'Accept: application/json' $API/api/wines/2.jsonld | head -c 40; echo
  {"@context":"\/api\/contexts\/Wine","@id
  $ curl -s -H 'Accept: application/ld+json;q=0.5, */*' -o /dev/null -w '%{content_type}\n' $API/api/wines/2
  application/json; charset=utf-8
  $ curl -s -H 'Accept: application/json, text/plain, */*' -o /dev/null -w '%{content_type}\n' $API/api/wines/2
  application/ld+json; charset=utf-8

Comments and media objects on their own routes:

  $ curl -s $API/api/comments/3; echo
  {"@context":"\/api\/contexts\/Comment","@id":"\/api\/comments\/3","@type":"Comment","id":3,"text":"Très bon.","createdAt":"2021-01-02T03:04:05+00:00","wine":"\/api\/wines\/3"}
  $ curl -s $API/api/media_objects/1; echo
  {"@context":"\/api\/contexts\/MediaObject","@id":"\/api\/media_objects\/1","@type":"http:\/\/schema.org\/MediaObject","contentUrl":"\/media\/wine1.png"}
  $ curl -s $API/api/media_objects/3.json; echo
  {}
  $ curl -s $API/api/wines/1/comments | jq -c '[.["@id"], .["hydra:totalItems"], [.["hydra:member"][]["@id"]]]'
  ["/api/wines/1/comments",2,["/api/comments/1","/api/comments/2"]]
  $ curl -s $API/api/media_objects | jq -c '[.["hydra:totalItems"], .["hydra:member"][2]]'
  [3,{"@id":"/api/media_objects/3","@type":"http://schema.org/MediaObject"}]

The collection: no hydra:view on a single page without parameters, then
pages of 30:

  $ curl -s $API/api/wines | jq -c '[.["@context"], .["@id"], .["@type"], .["hydra:totalItems"], (.["hydra:member"] | length), has("hydra:view"), .["hydra:search"]["hydra:template"]]'
  ["/api/contexts/Wine","/api/wines","hydra:Collection",4,4,false,"/api/wines{?name,name[],name[exact],order[id],order[name],order[stock],order[price],stock[between],stock[gt],stock[gte],stock[lt],stock[lte],price[between],price[gt],price[gte],price[lt],price[lte]}"]
  $ curl -s -H 'Accept: application/json' $API/api/wines | jq -c 'type, length'
  "array"
  4
  $ for i in $(seq 5 64); do echo "INSERT INTO wine (name, description, stock, price) VALUES ('Wine $i', 'd', $i, $i.5);"; done | sqlite3 data.db
  $ curl -s "$API/api/wines?page=2" | jq -c '[.["hydra:totalItems"], (.["hydra:member"] | length), .["hydra:member"][0].id, .["hydra:view"]]'
  [64,30,31,{"@id":"/api/wines?page=2","@type":"hydra:PartialCollectionView","hydra:first":"/api/wines?page=1","hydra:last":"/api/wines?page=3","hydra:previous":"/api/wines?page=1","hydra:next":"/api/wines?page=3"}]
  $ curl -s "$API/api/wines?page=3&order%5Bprice%5D=desc" | jq -c '[(.["hydra:member"] | map(.price)), .["hydra:view"]["@id"], .["hydra:view"]["hydra:next"]]'
  [[7.5,6.5,5.5,2.5],"/api/wines?order%5Bprice%5D=desc&page=3",null]
  $ curl -s "$API/api/wines?page=0" ; echo
  {"@context":"\/api\/contexts\/Error","@type":"hydra:Error","hydra:title":"An error occurred","hydra:description":"Page should not be less than 1"}

Filters: name (partial, or exact), ranges on stock and price, order;
unknown filters and bad values are ignored:

  $ q() { curl -s -G "$API/api/wines" "$@" | jq -c '[.["hydra:member"][].id]'; }
  $ q --data-urlencode 'name=Ratke'
  [2,4]
  $ q --data-urlencode 'name[exact]=Dr. Aliyah Ratke'
  [2]
  $ q --data-urlencode 'name[exact]=Ratke'
  []
  $ q --data-urlencode 'name=ratke'
  []
  $ q --data-urlencode 'stock[between]=30..40' --data-urlencode 'order[stock]=desc'
  [40,39,38,1,37,36,35,34,33,32,31,30]
  $ q --data-urlencode 'stock[gt]=60' --data-urlencode 'price[lte]=63'
  [4,61,62]
  $ q --data-urlencode 'price[lt]=5' --data-urlencode 'order[price]=asc'
  [4]
  $ q --data-urlencode 'price[lt]=abc' --data-urlencode 'colour=red' --data-urlencode 'order[nope]=asc' | jq length
  30
  $ curl -s -G "$API/api/wines" --data-urlencode 'name=Ratke' | jq -c '.["hydra:view"]'
  {"@id":"/api/wines?name=Ratke","@type":"hydra:PartialCollectionView"}

Errors: unknown routes and ids, bad formats, methods, Accept:

  $ curl -s -w ' %{http_code}\n' $API/api/wines/999
  {"@context":"\/api\/contexts\/Error","@type":"hydra:Error","hydra:title":"An error occurred","hydra:description":"Not Found"} 404
  $ curl -s -w ' %{http_code} %{content_type}\n' -H 'Accept: application/json' $API/api/wines/999
  {"type":"https:\/\/tools.ietf.org\/html\/rfc2616#section-10","title":"An error occurred","detail":"Not Found"} 404 application/problem+json; charset=utf-8
  $ curl -s -w ' %{http_code}\n' $API/api/wines/abc
  {"@context":"\/api\/contexts\/Error","@type":"hydra:Error","hydra:title":"An error occurred","hydra:description":"Invalid identifier value or configuration."} 404
  $ curl -s -w ' %{http_code}\n' $API/api/wines/1.xml
  {"@context":"\/api\/contexts\/Error","@type":"hydra:Error","hydra:title":"An error occurred","hydra:description":"Format \u0022xml\u0022 is not supported"} 404
  $ curl -s -w ' %{http_code}\n' $API/api/grapes
  {"@context":"\/api\/contexts\/Error","@type":"hydra:Error","hydra:title":"An error occurred","hydra:description":"No route found for \u0022GET \/api\/grapes\u0022"} 404
  $ curl -s -w ' %{http_code}\n' -H 'Accept: application/xml' $API/api/wines/1
  {"type":"https:\/\/tools.ietf.org\/html\/rfc2616#section-10","title":"An error occurred","detail":"Requested format \u0022application\/xml\u0022 is not supported. Supported MIME types are \u0022application\/ld+json\u0022, \u0022application\/json\u0022, \u0022text\/html\u0022."} 406
  $ curl -s -D - -o /dev/null -X POST $API/api/wines/1 | grep -e HTTP -e Allow
  HTTP/1.1 405 Method Not Allowed\r (esc)
  Allow: GET, PUT, PATCH, DELETE\r (esc)
  $ curl -s -D - -o /dev/null -X DELETE $API/api/media_objects/1 | grep -e HTTP -e Allow
  HTTP/1.1 405 Method Not Allowed\r (esc)
  Allow: GET\r (esc)
  $ curl -s -o /dev/null -w '%{http_code}\n' $API/nowhere
  404

Answers are kept for repeated reads, and a write by another program
(wine-db, sqlite3) shows at once:

  $ curl -s $API/api/wines/2 | jq .stock
  0
  $ curl -s $API/api/wines/2 | jq .stock
  0
  $ sqlite3 data.db 'UPDATE wine SET stock = 8 WHERE id = 2'
  $ curl -s $API/api/wines/2 | jq .stock
  8
  $ curl -s -H 'Accept: application/json' $API/api/wines/2 | jq .stock
  8

HEAD answers as GET would, without the body (the web page too):

  $ curl -s -I $API/api/wines/2 | tr -d '\r' | grep -i -e '^HTTP' -e '^content-type' -e '^content-length'
  HTTP/1.1 200 OK
  Content-Type: application/ld+json; charset=utf-8
  Content-Length: [1-9][0-9]* (re)
  $ curl -s -I $API/ | head -1
  HTTP/1.1 200 OK\r (esc)
  $ curl -s -X HEAD --max-time 2 $API/api/wines/2 | wc -c
  0

  $ stop
