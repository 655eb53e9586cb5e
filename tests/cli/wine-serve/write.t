Writes: POST, PUT (partial), PATCH (merge-patch), DELETE, content types,
validation and malformed JSON.

  $ . "$TESTDIR/setup.sh"
  $ db data.db
  $ start --database-url "$PWD/data.db" --media-dir media --quiet
  $ H='Content-Type: application/ld+json'

POST creates with every field (201, Location), in JSON-LD or JSON:

  $ curl -s -D headers -H "$H" -d '{"name":"Nouveau","description":"Fresh.","stock":12,"price":9.5,"image":"/api/media_objects/1"}' $API/api/wines; echo
  {"@context":"\/api\/contexts\/Wine","@id":"\/api\/wines\/5","@type":"Wine","id":5,"name":"Nouveau","description":"Fresh.","stock":12,"price":9.5,"comments":[],"image":{"@id":"\/api\/media_objects\/1","@type":"http:\/\/schema.org\/MediaObject","filePath":"wine1.png"}}
  $ grep -e '^HTTP' -e '^Location' -e '^Content-Location' headers
  HTTP/1.1 201 Created\r (esc)
  Location: /api/wines/5\r (esc)
  Content-Location: /api/wines/5\r (esc)
  $ curl -s -H 'Content-Type: application/json' -H 'Accept: application/json' -d '{"name":"Plain","description":"d","stock":0,"price":3}' $API/api/wines; echo
  {"id":6,"name":"Plain","description":"d","stock":0,"price":3,"comments":[]}

PUT changes only the fields given (API Platform 2.5's PUT); unknown and
read-only keys are ignored:

  $ curl -s -X PUT -H "$H" -d '{"stock":3,"id":99,"comments":[],"colour":"red"}' $API/api/wines/5 | jq -c '[.id, .name, .stock, .price]'
  [5,"Nouveau",3,9.5]
  $ curl -s -X PUT -H "$H" -d '{"image":null,"price":11}' -D headers $API/api/wines/5 | jq -c '[.price, has("image")]'
  [11,false]
  $ grep -e '^HTTP' -e '^Content-Location' headers
  HTTP/1.1 200 OK\r (esc)
  Content-Location: /api/wines/5\r (esc)

PATCH takes application/merge-patch+json only:

  $ curl -s -X PATCH -H 'Content-Type: application/merge-patch+json' -d '{"description":"Patched."}' $API/api/wines/5 | jq -c '[.description, .stock]'
  ["Patched.",3]
  $ curl -s -w ' %{http_code}\n' -X PATCH -H "$H" -d '{"stock":1}' $API/api/wines/5
  {"@context":"\/api\/contexts\/Error","@type":"hydra:Error","hydra:title":"An error occurred","hydra:description":"The content-type \u0022application\/ld+json\u0022 is not supported. Supported MIME types are \u0022application\/merge-patch+json\u0022."} 415

Other content types are refused with 415:

  $ curl -s -w ' %{http_code}\n' -X PUT -H 'Content-Type: text/plain' -d '{"stock":1}' $API/api/wines/5
  {"@context":"\/api\/contexts\/Error","@type":"hydra:Error","hydra:title":"An error occurred","hydra:description":"The content-type \u0022text\/plain\u0022 is not supported. Supported MIME types are \u0022application\/ld+json\u0022, \u0022application\/json\u0022."} 415
  $ curl -s -w ' %{http_code}\n' -X PUT -H 'Content-Type:' --data-binary '{"stock":1}' $API/api/wines/5
  {"@context":"\/api\/contexts\/Error","@type":"hydra:Error","hydra:title":"An error occurred","hydra:description":"The \u0022Content-Type\u0022 header must exist."} 415

Validation lists every violation (400, ConstraintViolationList, or
problem+json with violations for a JSON request):

  $ curl -s -w ' %{http_code}\n' -H "$H" -d '{"name":" ","stock":-1,"price":"cheap"}' $API/api/wines
  {"@context":"\/api\/contexts\/ConstraintViolationList","@type":"ConstraintViolationList","hydra:title":"An error occurred","hydra:description":"price: This value should be of type float, string given.\nname: This value should not be blank.\ndescription: This value should not be blank.\nstock: This value should be either positive or zero.","violations":[{"propertyPath":"price","message":"This value should be of type float, string given."},{"propertyPath":"name","message":"This value should not be blank."},{"propertyPath":"description","message":"This value should not be blank."},{"propertyPath":"stock","message":"This value should be either positive or zero."}]} 400
  $ curl -s -H 'Content-Type: application/json' -H 'Accept: application/json' -d '{"stock":1.5}' -X PUT $API/api/wines/1 | jq -c '[.title, .violations]'
  ["An error occurred",[{"propertyPath":"stock","message":"This value should be of type int, float given."}]]
  $ curl -s -H "$H" -d '{"stock":"5"}' -X PUT $API/api/wines/1 | jq -r '.["hydra:description"]'
  stock: This value should be of type int, string given.
  $ curl -s -H "$H" -d '{"name":null,"price":-0.01}' -X PUT $API/api/wines/1 | jq -r '.["hydra:description"]'
  name: This value should not be null.
  price: This value should be either positive or zero.
  $ curl -s -H "$H" -d "{\"name\":\"$(printf 'x%.0s' $(seq 256))\"}" -X PUT $API/api/wines/1 | jq -r '.["hydra:description"]'
  name: This value is too long. It should have 255 characters or less.
  $ curl -s -H "$H" -d '{"image":"/api/media_objects/99"}' -X PUT $API/api/wines/1 | jq -r '.["hydra:description"]'
  image: Item not found for this IRI.
  $ curl -s -H "$H" -d '{"image":"/api/wines/1"}' -X PUT $API/api/wines/1 | jq -r '.["hydra:description"]'
  image: Invalid IRI "/api/wines/1".
  $ curl -s -H "$H" -d '{}' $API/api/wines | jq -r '.["hydra:description"]'
  name: This value should not be blank.
  description: This value should not be blank.
  stock: This value should not be null.
  price: This value should not be null.

Nothing was written by the refused requests:

  $ curl -s $API/api/wines/1 | jq -c '[.name, .stock, .price, .image["@id"]]'
  ["Prof. Cordie Kuhlman",37,14.63,"/api/media_objects/2"]

Malformed JSON is a 400 that says where:

  $ curl -s -w ' %{http_code}\n' -X PUT -H "$H" -d '{"stock": 5,}' $API/api/wines/1
  {"@context":"\/api\/contexts\/Error","@type":"hydra:Error","hydra:title":"An error occurred","hydra:description":"Syntax error: string or \u0027}\u0027 expected near \u0027}\u0027 at line 1, column 13 (position 13)"} 400
  $ curl -s -X PUT -H "$H" -d '[1]' $API/api/wines/1 | jq -r '.["hydra:description"]'
  Syntax error: the body must be a JSON object at line 1, column 1 (position 0)
  $ curl -s -X PUT -H 'Content-Type: application/json' -H 'Accept: application/json' --data-binary @/dev/null $API/api/wines/1 | jq -r .detail
  Syntax error: '[' or '{' expected near end of file at line 1, column 0 (position 0)

Writes to missing items are 404:

  $ curl -s -o /dev/null -w '%{http_code}\n' -X PUT -H "$H" -d '{"stock":1}' $API/api/wines/77
  404
  $ curl -s -o /dev/null -w '%{http_code}\n' -X DELETE $API/api/wines/77
  404

Comments: created with a wine IRI (createdAt defaults to now), moved,
deleted; their wine shows them embedded:

  $ curl -s -H "$H" -d '{"text":"Lovely.","createdAt":"2024-05-06T07:08:09+02:00","wine":"/api/wines/2"}' $API/api/comments; echo
  {"@context":"\/api\/contexts\/Comment","@id":"\/api\/comments\/4","@type":"Comment","id":4,"text":"Lovely.","createdAt":"2024-05-06T05:08:09+00:00","wine":"\/api\/wines\/2"}
  $ curl -s -H "$H" -d '{"text":"Now.","wine":"http://example.com/api/wines/2"}' $API/api/comments | jq -r '.createdAt | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\\+00:00$")'
  true
  $ curl -s $API/api/wines/2 | jq -c '[.comments[].text]'
  ["Lovely.","Now."]
  $ curl -s -H "$H" -d '{"text":"x","wine":"/api/wines/404","createdAt":"yesterday"}' $API/api/comments | jq -r '.["hydra:description"]'
  createdAt: This value is not a valid datetime.
  wine: Item not found for this IRI.
  $ curl -s -X PUT -H "$H" -d '{"wine":"/api/wines/3"}' $API/api/comments/4 | jq -r .wine
  /api/wines/3
  $ curl -s -o /dev/null -w '%{http_code}\n' -X DELETE $API/api/comments/4
  204
  $ curl -s $API/api/wines/3 | jq -c '[.comments[].text]'
  ["Très bon."]

DELETE answers 204 with no body (and no Content-Length); a wine's
comments go with it:

  $ curl -s -D - -X DELETE $API/api/wines/1 | grep -e '^HTTP' -e '^Content-Length'
  HTTP/1.1 204 No Content\r (esc)
  $ curl -s -o /dev/null -w '%{http_code}\n' $API/api/wines/1
  404
  $ curl -s -o /dev/null -w '%{http_code}\n' $API/api/comments/1
  404
  $ sqlite3 data.db 'SELECT count(*) FROM comment WHERE wine_id = 1'
  0

Oversized bodies are refused:

  $ head -c 2000000 /dev/zero | tr '\0' ' ' > big.json
  $ curl -s -o /dev/null -w '%{http_code}\n' -X PUT -H "$H" --data-binary @big.json $API/api/wines/2
  413

  $ stop
