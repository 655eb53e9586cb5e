CORS: local origins by default, a list or '*' with --cors-allowed-origins;
preflight for PUT, PATCH and DELETE with Content-Type; Link exposed.

  $ . "$TESTDIR/setup.sh"
  $ db data.db
  $ start -d data.db -m media -q
  $ cors() { grep -i -e '^access-control' -e '^vary' | sort; }

  $ curl -s -D - -o /dev/null -H 'Origin: http://localhost:4200' $API/api/wines | cors
  Access-Control-Allow-Origin: http://localhost:4200\r (esc)
  Access-Control-Expose-Headers: Link\r (esc)
  Vary: Accept\r (esc)
  Vary: Origin\r (esc)
  $ curl -s -D - -o /dev/null -H 'Origin: https://evil.example' $API/api/wines | cors
  Vary: Accept\r (esc)
  Vary: Origin\r (esc)
  $ curl -s -D - -X OPTIONS -H 'Origin: http://127.0.0.1:8000' -H 'Access-Control-Request-Method: PUT' -H 'Access-Control-Request-Headers: content-type' $API/api/wines/1 | grep -v -e '^Date' | cors
  Access-Control-Allow-Headers: Content-Type, Authorization, Accept, Cache-Control, Last-Event-ID\r (esc)
  Access-Control-Allow-Methods: GET, OPTIONS, POST, PUT, PATCH, DELETE\r (esc)
  Access-Control-Allow-Origin: http://127.0.0.1:8000\r (esc)
  Access-Control-Expose-Headers: Link\r (esc)
  Access-Control-Max-Age: 3600\r (esc)
  Vary: Origin\r (esc)
  $ curl -s -o /dev/null -w '%{http_code}\n' -X OPTIONS -H 'Origin: http://[::1]:3000' -H 'Access-Control-Request-Method: DELETE' $API/api/wines/1
  204
  $ curl -s -D - -o /dev/null -X OPTIONS -H 'Origin: http://localhost.evil.example' -H 'Access-Control-Request-Method: PATCH' $API/api/wines/1 | cors
  Vary: Origin\r (esc)
  $ stop

A configured list, and '*':

  $ start -d data.db -m media -q --cors-allowed-origins 'https://shop.example, http://localhost:8000'
  $ curl -s -D - -o /dev/null -H 'Origin: https://shop.example' $API/api/wines/1 | grep -i allow-origin
  Access-Control-Allow-Origin: https://shop.example\r (esc)
  $ curl -s -D - -o /dev/null -H 'Origin: http://localhost:4200' $API/api/wines/1 | grep -ic allow-origin
  0
  [1]
  $ stop
  $ start -d data.db -m media -q --cors-allowed-origins '*'
  $ curl -s -D - -o /dev/null -H 'Origin: https://anyone.example' $API/api/wines/1 | grep -i allow-origin
  Access-Control-Allow-Origin: https://anyone.example\r (esc)

The embedded hub answers browsers from other origins too:

  $ curl -s -D - -o /dev/null --max-time 1 -H 'Origin: https://anyone.example' "$API/.well-known/mercure?topic=x" | grep -i allow-origin
  Access-Control-Allow-Origin: https://anyone.example\r (esc)
  $ stop
