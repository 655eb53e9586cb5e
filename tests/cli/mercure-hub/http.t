mercure-hub: the HTTP around the protocol: operational routes, 404 and 405,
limits, malformed requests, pipelining.

  $ . "$TESTDIR/hub.sh"
  $ hub_start --jwt-key="$KEY" --allow-anonymous

  $ raw() { # send bytes as they are, print the answer without Date
  >   python3 -c '
  > import socket, sys
  > s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
  > s.sendall(sys.stdin.buffer.read())
  > s.shutdown(socket.SHUT_WR)
  > out = b""
  > while True:
  >     d = s.recv(65536)
  >     if not d: break
  >     out += d
  > sys.stdout.write(out.decode("utf-8", "replace"))
  > ' "$PORT" | tr -d '\r' | sed '/^Date: /d'
  > }

/healthz, /metrics and a page at / for browsers:

  $ req "$BASE/healthz"
  HTTP/1.1 200 OK
  Server: winestore
  Content-Type: text/plain; charset=utf-8
  X-Content-Type-Options: nosniff
  Content-Length: 3
  
  ok
  $ curl -sS "$BASE/metrics" | grep -E '^# TYPE' | sort
  # TYPE http_connections gauge
  # TYPE http_disconnects_total counter
  # TYPE http_refused_total counter
  # TYPE http_requests_total counter
  # TYPE http_sent_bytes_total counter
  # TYPE mercure_auth_refused_total counter
  # TYPE mercure_subscribers gauge
  # TYPE mercure_subscriptions_total counter
  # TYPE mercure_updates_delivered_total counter
  # TYPE mercure_updates_published_total counter
  $ curl -sS "$BASE/metrics" | grep '^http_disconnects_total' | cut -d' ' -f1
  http_disconnects_total{reason="done"}
  http_disconnects_total{reason="client"}
  http_disconnects_total{reason="slow"}
  http_disconnects_total{reason="timeout"}
  http_disconnects_total{reason="error"}
  http_disconnects_total{reason="server"}
  http_disconnects_total{reason="shutdown"}
  $ req "$BASE/" | sed -n '1,3p;/EventSource/{s/.*\(EventSource\).*/\1/p;q}'
  HTTP/1.1 200 OK
  Server: winestore
  Content-Type: text/html; charset=utf-8
  EventSource

The counters count:

  $ sub s "$HUB?topic=a"
  $ pub "$PUB" -d topic=a -d id=counted >/dev/null
  $ wait_for s '^id: counted$'
  $ sub_stop s
  $ metric mercure_updates_published_total
  1
  $ metric mercure_updates_delivered_total
  1
  $ metric mercure_subscriptions_total
  1

HEAD gets the head of a GET and no body, even on a kept-alive
connection:

  $ printf 'HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' | raw
  HTTP/1.1 200 OK
  Server: winestore
  Content-Type: text/plain; charset=utf-8
  X-Content-Type-Options: nosniff
  Content-Length: 3
  
  HTTP/1.1 200 OK
  Server: winestore
  Content-Type: text/plain; charset=utf-8
  X-Content-Type-Options: nosniff
  Content-Length: 3
  Connection: close
  
  ok

404 for unknown paths, 405 with Allow for a known path and another method:

  $ req "$BASE/nothing" | head -n 1
  HTTP/1.1 404 Not Found
  $ req "$HUB/nothing" | head -n 1
  HTTP/1.1 404 Not Found
  $ req "$HUB/subscriptions" | head -n 1
  HTTP/1.1 404 Not Found
  $ req -X PUT "$HUB"
  HTTP/1.1 405 Method Not Allowed
  Server: winestore
  Content-Type: text/plain; charset=utf-8
  Allow: GET, POST, QUERY, OPTIONS
  X-Content-Type-Options: nosniff
  Content-Length: 19
  
  Method Not Allowed
  $ req -X DELETE "$BASE/healthz" | grep -E '^(HTTP|Allow)'
  HTTP/1.1 405 Method Not Allowed
  Allow: GET, HEAD
  $ req -d x=1 "$BASE/metrics" | grep -E '^(HTTP|Allow)'
  HTTP/1.1 405 Method Not Allowed
  Allow: GET, HEAD
  $ req -X POST "$BASE/" | grep -E '^(HTTP|Allow)'
  HTTP/1.1 405 Method Not Allowed
  Allow: GET, HEAD

Malformed requests get 400 and the connection ends; a version the server
does not speak, 505; a head too large, 431:

  $ printf 'GET / HTTP/1.1\r\nHost: x\r\nBad Header: x\r\n\r\n' | raw | head -n 1
  HTTP/1.1 400 Bad Request
  $ printf 'GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n' | raw | head -n 1
  HTTP/1.1 400 Bad Request
  $ printf 'GET  / HTTP/1.1\r\nHost: x\r\n\r\n' | raw | head -n 1
  HTTP/1.1 400 Bad Request
  $ printf 'GET / HTTP/1.1 x\r\nHost: x\r\n\r\n' | raw | head -n 1
  HTTP/1.1 400 Bad Request
  $ printf 'GET / HTTP/1.1\r\n\r\n' | raw | head -n 1
  HTTP/1.1 400 Bad Request
  $ printf 'GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n' | raw | head -n 1
  HTTP/1.1 400 Bad Request
  $ printf 'GET / HTTP/2.0\r\nHost: x\r\n\r\n' | raw | head -n 1
  HTTP/1.1 505 HTTP Version Not Supported
  $ printf 'GET / HTTP/1.1\r\nHost: x\r\nX: %s\r\n\r\n' "$(head -c 17000 /dev/zero | tr '\0' a)" | raw | head -n 1
  HTTP/1.1 431 Request Header Fields Too Large
  $ printf 'POST /.well-known/mercure HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!' | raw | head -n 1
  HTTP/1.1 400 Bad Request
  $ printf 'POST /.well-known/mercure HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n' | raw | head -n 1
  HTTP/1.1 400 Bad Request

A body framed by Transfer-Encoding is refused (Content-Length only, so no
request can be smuggled):

  $ printf 'POST /.well-known/mercure HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n' | raw | head -n 1
  HTTP/1.1 411 Length Required
  $ printf 'POST /.well-known/mercure HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\nhello' | raw | head -n 1
  HTTP/1.1 400 Bad Request

Pipelined requests are answered in order, a publish (answered at the end
of the loop's turn) included; absolute-form targets work; HTTP/1.0 with
keep-alive gets it:

  $ body="topic=a&id=piped"
  $ printf 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nPOST /.well-known/mercure HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n%sGET http://x/healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /nothing HTTP/1.0\r\n\r\n' "$PUB" ${#body} "$body" | raw | grep -oE '^ok|HTTP/1.1 [0-9]+|piped|Connection: .*|Not Found'
  HTTP/1.1 200
  ok
  HTTP/1.1 200
  piped
  HTTP/1.1 200
  Connection: keep-alive
  ok
  HTTP/1.1 404
  Not Found
  Connection: close
  Not Found

A client that sends half a request and stalls does not block anyone:

  $ python3 -c '
  > import socket, sys, time
  > s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
  > s.sendall(b"POST /.well-known/mercure HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\ntopic=")
  > time.sleep(2)
  > ' "$PORT" &
  $ stall=$!
  $ sleep 0.2; curl -sS --max-time 2 "$BASE/healthz"
  ok
  $ wait $stall

  $ hub_stop

Past --max-connections a client gets 503 and the hub goes on:

  $ hub_start --jwt-key="$KEY" --allow-anonymous --max-connections=2
  $ sub c1 "$HUB?topic=a"
  $ sub c2 "$HUB?topic=a"
  $ curl -sS -i "$BASE/healthz" | tr -d '\r' | sed -n '1p;$p'
  HTTP/1.1 503 Service Unavailable
  too many connections, retry
  $ sub_stop c1
  $ sleep 0.2; curl -sS "$BASE/healthz"
  ok
  $ sub_stop c2
  $ grep -c 'level=warn .*msg="connection refused" reason="too many connections"' hub.log
  1
  $ hub_stop
