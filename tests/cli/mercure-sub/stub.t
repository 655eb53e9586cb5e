Against a scripted stand-in hub (tests/cli/stubhub.py): the request an
EventSource would make, reconnection with Last-Event-ID and the stream's
retry time, and the answers that stop it.

  $ . "$TESTDIR/../helpers.sh"
  $ printf ':\nretry: 50\nid: 1\ndata: one\n\nid: 2\ndata: tw' > first.sse
  $ printf 'id: 2\ndata: two\n\nid: 3\ndata: three\n\n' > second.sse
  $ cat > script <<EOF
  > GET 200 text/event-stream @first.sse
  > GET 200 text/event-stream;charset=utf-8 @second.sse
  > GET 204 -
  > EOF
  $ start_stub script

The first stream is cut inside event 2: it is not printed; the client
reconnects after the stream's retry (50ms) with Last-Event-ID 1, gets
events 2 and 3, then a 204 tells it to stop (exit 0):

  $ mercure-sub --hub "$HUB" --topic 'https://example.com/wines/{id}' --topic '*'
  {"id":"1","type":"message","data":"one","retry":50}
  mercure-sub: the hub closed the stream; reconnecting
  {"id":"2","type":"message","data":"two","retry":null}
  {"id":"3","type":"message","data":"three","retry":null}
  mercure-sub: the hub closed the stream; reconnecting
  $ cat requests.log
  GET /.well-known/mercure?topic=https%3A%2F%2Fexample.com%2Fwines%2F%7Bid%7D&topic=%2A (connection 1)
    accept: text/event-stream
    cache-control: no-cache
  GET /.well-known/mercure?topic=https%3A%2F%2Fexample.com%2Fwines%2F%7Bid%7D&topic=%2A (connection 2)
    accept: text/event-stream
    cache-control: no-cache
    last-event-id: 1
  GET /.well-known/mercure?topic=https%3A%2F%2Fexample.com%2Fwines%2F%7Bid%7D&topic=%2A (connection 3)
    accept: text/event-stream
    cache-control: no-cache
    last-event-id: 3
  $ stop_stub

--no-reconnect ends with the stream; --last-event-id is sent on the first
request; a bare --cookie value is sent as the mercureAuthorization cookie;
--jwt-key mints a token for exactly the topics:

  $ rm requests.log; start_stub script
  $ mercure-sub --hub "$HUB" -t a -t b --no-reconnect --last-event-id earliest --cookie tok --jwt-key '!ChangeThisMercureHubJWTSecretKey!' -f data
  one
  $ cat requests.log
  GET /.well-known/mercure?topic=a&topic=b (connection 1)
    accept: text/event-stream
    cache-control: no-cache
    last-event-id: earliest
    authorization: Bearer eyJ* (glob)
    cookie: mercureAuthorization=tok
  $ logged_claims
  {"mercure": {"subscribe": ["a", "b"]}}
  $ stop_stub

A token given with --jwt (here from MERCURE_JWT_TOKEN) is sent as is:

  $ rm requests.log; start_stub script
  $ MERCURE_JWT_TOKEN=abc.def.ghi mercure-sub --hub "$HUB" -t a --no-reconnect -n 1 --cookie 'x=1; y=2'
  {"id":"1","type":"message","data":"one","retry":50}
  $ grep -E 'authorization|cookie' requests.log
    authorization: Bearer abc.def.ghi
    cookie: x=1; y=2
  $ stop_stub

Refusals end the subscription with the hub's message: 401 and 403 exit
77, another 4xx 65, 5xx 69, and a 200 that is not an event stream 76:

  $ cat > refusals <<EOF
  > GET 401 text/plain Unauthorized\n
  > GET 403 text/plain Forbidden\n
  > GET 400 text/plain Missing "topic" parameter.\n
  > GET 503 text/plain Service Unavailable\n
  > GET 200 text/html <html></html>
  > EOF
  $ rm requests.log; start_stub refusals
  $ for i in 1 2 3 4 5; do mercure-sub --hub "$HUB" -t a; echo "exit $?"; done
  mercure-sub: 'http://127.0.0.1:*/.well-known/mercure' answered 401: Unauthorized (glob)
  exit 77
  mercure-sub: 'http://127.0.0.1:*/.well-known/mercure' answered 403: Forbidden (glob)
  exit 77
  mercure-sub: 'http://127.0.0.1:*/.well-known/mercure' answered 400: Missing "topic" parameter. (glob)
  exit 65
  mercure-sub: 'http://127.0.0.1:*/.well-known/mercure' answered 503: Service Unavailable (glob)
  exit 69
  mercure-sub: 'http://127.0.0.1:*/.well-known/mercure' answered with 'text/html', not an event stream (glob)
  exit 76
  $ stop_stub

--timeout ends a quiet subscription: exit 1 when no event came at all,
0 after events:

  $ cat > slow <<EOF
  > GET 200 text/event-stream hold=3000 :\n
  > GET 200 text/event-stream hold=3000 id: 1\ndata: x\n\n
  > EOF
  $ rm requests.log; start_stub slow
  $ mercure-sub --hub "$HUB" -t a --timeout 300ms
  [1]
  $ mercure-sub --hub "$HUB" -t a --timeout 300ms
  {"id":"1","type":"message","data":"x","retry":null}
  $ stop_stub

Raw output passes the bytes through, whole events only:

  $ rm requests.log; start_stub script
  $ mercure-sub --hub "$HUB" -t a -f raw --no-reconnect
  :
  retry: 50
  id: 1
  data: one
  
  $ stop_stub
