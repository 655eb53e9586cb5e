mercure-hub: what a subscriber receives, byte for byte (reference/mercure.md
section 2.1), and the subscribe response head (section 2.2).

  $ . "$TESTDIR/hub.sh"
  $ hub_start --jwt-key="$KEY" --allow-anonymous

The response head, then a comment at once so that an EventSource opens
before any update:

  $ sub s "$HUB?topic=$T/wines/{id}"
  $ head_of s
  HTTP/1.1 200 OK
  Server: winestore
  Content-Type: text/event-stream
  Connection: keep-alive
  Cache-Control: private, no-cache, no-store, must-revalidate, max-age=0
  Pragma: no-cache
  Expire: 0
  X-Accel-Buffering: no
  X-Content-Type-Options: nosniff
  X-Frame-Options: DENY
  X-Xss-Protection: 1; mode=block
  Content-Security-Policy: default-src 'self'
  Transfer-Encoding: chunked
  $ sed -n 'l 0' s.out
  :$

Every field: event, retry, id, then data, one "data:" line per line
whether lines end in LF, CR or CRLF, so that data cannot inject a field:

  $ pub "$PUB" -d topic=$T/wines/1 -d id=one -d type=stock -d retry=2500 \
  >   --data-urlencode $'data=a\nb\rc\r\nd\n\nid: forged\revent: forged\r\n'
  one 200

An update without data still has a data line (a browser dispatches no
event without one); no type and no retry give no such lines; retry=0 is
not written:

  $ pub "$PUB" -d topic=$T/wines/2 -d id=two -d retry=0
  two 200

Data keeps its spaces and colons, and trailing line breaks become empty
data lines:

  $ pub "$PUB" -d topic=$T/wines/3 -d id=three --data-urlencode 'data=  x: y  '
  three 200
  $ pub "$PUB" -d topic=$T/wines/4 -d id=four --data-urlencode $'data=\n'
  four 200

UTF-8 and the bytes of a JSON document go through as they are:

  $ pub "$PUB" -d topic=$T/wines/5 -d id=five --data-urlencode 'data={"name":"Château Lafite","€":1}'
  five 200

  $ wait_for s '^id: five$'
  $ sed -n 'l 0' s.out
  :$
  event: stock$
  retry: 2500$
  id: one$
  data: a$
  data: b$
  data: c$
  data: d$
  data: $
  data: id: forged$
  data: event: forged$
  data: $
  $
  id: two$
  data: $
  $
  id: three$
  data:   x: y  $
  $
  id: four$
  data: $
  data: $
  $
  id: five$
  data: {"name":"Ch\303\242teau Lafite","\342\202\254":1}$
  $

Without an id the hub assigns urn:uuid: and a UUID version 7 (time
ordered), answers it, and sends it as the event id:

  $ id=$(curl -sS -H "Authorization: Bearer $PUB" -d topic=$T/wines/6 -d data=x "$HUB")
  $ echo "$id"
  urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12} (re)
  $ wait_for s "^id: $id\$"
  $ id2=$(curl -sS -H "Authorization: Bearer $PUB" -d topic=$T/wines/6 -d data=x "$HUB")
  $ [ "$id2" != "$id" ] && [[ "$id2" > "$id" ]] && echo ordered
  ordered

The same id may be published twice; both updates are delivered:

  $ pub "$PUB" -d topic=$T/wines/7 -d id=same -d data=first
  same 200
  $ pub "$PUB" -d topic=$T/wines/7 -d id=same -d data=second
  same 200
  $ wait_for s '^data: second$'
  $ sse s | tail -n 6
  id: same
  data: first
  
  id: same
  data: second
  

The publish answer is 200 text/plain with the id and nothing else:

  $ req -H "Authorization: Bearer $PUB" -d topic=$T/x -d id=answer "$HUB"
  HTTP/1.1 200 OK
  Server: winestore
  Content-Type: text/plain; charset=utf-8
  Content-Length: 6
  
  answer (no-eol)

  $ sub_stop s
  $ hub_stop
