mercure-hub: subscribing with QUERY (RFC 10008), whose form body carries
the subscription's parameters beside the query string's, as Mercure 1.0
allows of safe methods.

  $ . "$TESTDIR/hub.sh"
  $ hub_start --jwt-key="$KEY" --allow-anonymous --cors-allowed-origins=https://app.example

The body's selectors join the query's:

  $ sub q -X QUERY -d "topic=$T/b" -d "match=$T/c" --data-urlencode "match_urlpattern=$T/e/:id" "$HUB?topic=$T/a"
  $ head -n 1 q.head
  HTTP/1.1 200 OK\r (esc)
  $ for t in a b c d e/1 e/1/2; do pub "$PUB" -d topic=$T/$t -d data=$t >/dev/null; done
  $ pub "$PUB" -d topic=$T/a -d data=end >/dev/null
  $ wait_for q '^data: end$'
  $ sub_stop q
  $ sse q | sed -n 's/^data: //p' | tr '\n' ' '; echo
  a b c e/1 end 

Selectors in the body alone will do; a token may come there too:

  $ sub b -X QUERY --data-urlencode "topic=$T/{x}" --data-urlencode "authorization=$SUB" "$HUB"
  $ pub "$PUB" -d topic=$T/p -d data=private -d private=on >/dev/null
  $ wait_for b '^data: private$'
  $ sub_stop b

A cursor in both is the query's; the Last-Event-ID header beats both:

  $ for i in 1 2 3; do pub "$PUB" -d topic=$T/h -d id=h$i >/dev/null; done
  $ sub c1 -X QUERY -d "topic=$T/h" -d last_event_id=h1 "$HUB?last_event_id=h2"
  $ sub c2 -X QUERY -d "topic=$T/h" -d last_event_id=h1 -H 'Last-Event-ID: h2' "$HUB?last_event_id=h1"
  $ sub c3 -X QUERY -d "topic=$T/h" -d last_event_id=h1 "$HUB"
  $ for c in c1 c2 c3; do wait_for $c '^id: h3$'; sub_stop $c; done
  $ for c in c1 c2 c3; do echo "$c: $(grep -i '^mercure-last-event-id' $c.head | tr -d '\r') $(sse $c | sed -n 's/^id: //p' | tr '\n' ' ')"; done
  c1: Mercure-Last-Event-ID: h2 h3 
  c2: Mercure-Last-Event-ID: h2 h3 
  c3: Mercure-Last-Event-ID: h1 h2 h3 

The body must be a form; what a GET refuses, QUERY refuses the same:

  $ curl -sS -X QUERY -H 'Content-Type: application/json' --data-binary '{"topic":"a"}' -w ' %{http_code}\n' "$HUB"
  Content-Type must be application/x-www-form-urlencoded
   415
  $ curl -sS -X QUERY -d x=1 -w ' %{http_code}\n' "$HUB"
  missing 'topic' or 'match' parameter
   400
  $ curl -sS -X QUERY -d match_regex=a -w ' %{http_code}\n' "$HUB"
  unsupported matcher type 'match_regex'
   400
  $ curl -sS -X QUERY --data-urlencode 'match_urlpattern=/b/:id/:id' -w ' %{http_code}\n' "$HUB"
  'match_urlpattern': invalid url pattern: duplicate group name 'id' in the pathname at column 8
   400
  $ curl -sS -X QUERY -d topic=a%01 -w ' %{http_code}\n' "$HUB"
  invalid 'topic': not UTF-8 text, or control or format characters
   400

Browsers may send it across origins: the preflight allows it, and every
answer of the hub URL names it:

  $ req -X OPTIONS -H 'Origin: https://app.example' -H 'Access-Control-Request-Method: QUERY' \
  >   -H 'Access-Control-Request-Headers: content-type' "$HUB" | grep -E '^Access-Control-Allow-(Origin|Methods)'
  Access-Control-Allow-Origin: https://app.example
  Access-Control-Allow-Methods: GET, POST, QUERY, OPTIONS
  $ req -X DELETE "$HUB" | grep -E '^(HTTP|Allow)'
  HTTP/1.1 405 Method Not Allowed
  Allow: GET, POST, QUERY, OPTIONS
  $ hub_stop
