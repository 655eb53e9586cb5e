mercure-hub: CORS for browsers on other origins, and cookie-authenticated
publishing only from the allowed origins (CSRF).

  $ . "$TESTDIR/hub.sh"
  $ hub_start --jwt-key="$KEY" --allow-anonymous \
  >   --cors-allowed-origins='https://app.example http://localhost:8000' \
  >   --publish-allowed-origins=https://app.example

An allowed origin is echoed with credentials allowed, never "*"; the
answer varies by Origin whether the origin is allowed or not:

  $ req -H 'Origin: https://app.example' -H "Authorization: Bearer $PUB" -d topic=a -d id=x "$HUB"
  HTTP/1.1 200 OK
  Server: winestore
  Content-Type: text/plain; charset=utf-8
  Access-Control-Allow-Origin: https://app.example
  Access-Control-Allow-Credentials: true
  Vary: Origin
  Content-Length: 1
  
  x (no-eol)
  $ req -H 'Origin: https://evil.example' -H "Authorization: Bearer $PUB" -d topic=a -d id=y "$HUB"
  HTTP/1.1 200 OK
  Server: winestore
  Content-Type: text/plain; charset=utf-8
  Vary: Origin
  Content-Length: 1
  
  y (no-eol)

Subscribing and errors carry them too:

  $ sub s -H 'Origin: http://localhost:8000' "$HUB?topic=a"
  $ head_of s | grep -E '^(Access|Vary)'
  Access-Control-Allow-Origin: http://localhost:8000
  Access-Control-Allow-Credentials: true
  Vary: Origin
  $ sub_stop s
  $ req -H 'Origin: https://app.example' "$HUB" | grep -E '^(HTTP|Access)'
  HTTP/1.1 400 Bad Request
  Access-Control-Allow-Origin: https://app.example
  Access-Control-Allow-Credentials: true

A preflight is answered without a token; it allows the headers
EventSource polyfills and fetch send, and only those:

  $ req -X OPTIONS -H 'Origin: https://app.example' -H 'Access-Control-Request-Method: POST' \
  >   -H 'Access-Control-Request-Headers: Authorization, last-event-id' "$HUB"
  HTTP/1.1 204 No Content
  Server: winestore
  Access-Control-Allow-Origin: https://app.example
  Access-Control-Allow-Credentials: true
  Access-Control-Allow-Methods: GET, POST, QUERY, OPTIONS
  Access-Control-Allow-Headers: Authorization, last-event-id
  Access-Control-Max-Age: 600
  Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers
  
  $ req -X OPTIONS -H 'Origin: https://app.example' -H 'Access-Control-Request-Method: GET' "$HUB" | grep Allow-Headers
  Access-Control-Allow-Headers: authorization, cache-control, last-event-id
  $ req -X OPTIONS -H 'Origin: https://app.example' -H 'Access-Control-Request-Method: POST' \
  >   -H 'Access-Control-Request-Headers: x-evil' "$HUB" | grep -c Access-Control-Allow
  0
  [1]
  $ req -X OPTIONS -H 'Origin: https://app.example' -H 'Access-Control-Request-Method: DELETE' "$HUB" | grep -c Access-Control-Allow
  0
  [1]
  $ req -X OPTIONS -H 'Origin: https://evil.example' -H 'Access-Control-Request-Method: POST' "$HUB"
  HTTP/1.1 204 No Content
  Server: winestore
  Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers
  
A plain OPTIONS says what the hub URL allows:

  $ req -X OPTIONS "$HUB" | grep -E '^(HTTP|Allow)'
  HTTP/1.1 204 No Content
  Allow: GET, POST, QUERY, OPTIONS

Publishing with the cookie: only from an allowed Origin (or, without
Origin, an allowed Referer); with neither it is refused:

  $ c() { curl -sS -b "mercureAuthorization=$PUB" -d topic=a -w ' %{http_code}\n' "$@" "$HUB"; }
  $ c -d id=from-app -H 'Origin: https://app.example'
  from-app 200
  $ c -d id=from-page -H 'Referer: https://app.example/shop/page?x=1'
  from-page 200
  $ c
  Unauthorized
   401
  $ c -H 'Origin: http://localhost:8000'
  Unauthorized
   401
  $ c -H 'Origin: https://app.example.evil'
  Unauthorized
   401
  $ c -H 'Referer: https://app.example.evil/page'
  Unauthorized
   401
  $ c -H 'Origin: null'
  Unauthorized
   401

Subscribing with the cookie needs no origin (GET is safe):

  $ sub ck -b "mercureAuthorization=$SUB" "$HUB?topic=a"
  $ head -n 1 ck.head
  HTTP/1.1 200 OK\r (esc)
  $ sub_stop ck

Mercure 1.0's cookie name is read too, when mercureAuthorization is not
there (when it is, it is the token):

  $ sub ck1 -b "__Secure-mercure_access_token=$SUB" "$HUB?topic=a"
  $ curl -sS -b "mercureAuthorization=x; __Secure-mercure_access_token=$PUB" -H 'Origin: https://app.example' -d topic=a -w ' %{http_code}\n' "$HUB"
  Unauthorized
   401
  $ curl -sS -b "__Secure-mercure_access_token=$PUB" -H 'Origin: https://app.example' -d topic=a -d id=cookie-1.0 -d private=on -w ' %{http_code}\n' "$HUB"
  cookie-1.0 200
  $ wait_for ck1 '^id: cookie-1.0$'
  $ sub_stop ck1
  $ hub_stop

Without --publish-allowed-origins no cookie may publish; with '*' any
origin may, and --cookie-name renames the cookie:

  $ hub_start --jwt-key="$KEY" --cookie-name=auth
  $ curl -sS -b "auth=$PUB" -H 'Origin: https://app.example' -d topic=a -w ' %{http_code}\n' "$HUB"
  Unauthorized
   401
  $ hub_stop
  $ hub_start --jwt-key="$KEY" --cookie-name=auth --publish-allowed-origins='*'
  $ curl -sS -b "auth=$PUB" -H 'Origin: https://any.example' -d topic=a -d id=any -w ' %{http_code}\n' "$HUB"
  any 200
  $ curl -sS -b "mercureAuthorization=$PUB" -H 'Origin: https://any.example' -d topic=a -w ' %{http_code}\n' "$HUB"
  Unauthorized
   401
  $ curl -sS -b "__Secure-mercure_access_token=$PUB" -H 'Origin: https://any.example' -d topic=a -w ' %{http_code}\n' "$HUB"
  Unauthorized
   401

Without --cors-allowed-origins there are no CORS headers at all:

  $ req -H 'Origin: https://app.example' "$HUB" | grep -ciE '^(access|vary)'
  0
  [1]
  $ hub_stop

With '*' every origin is echoed (the original hub's behaviour), still
with credentials and never as "*":

  $ hub_start --jwt-key="$KEY" --allow-anonymous --cors-allowed-origins='*'
  $ req -H 'Origin: https://whoever.example' "$HUB" | grep -E '^Access'
  Access-Control-Allow-Origin: https://whoever.example
  Access-Control-Allow-Credentials: true
  $ hub_stop
