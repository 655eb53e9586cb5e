mercure-hub: publishing: the fields, and every way a publish is refused.

  $ . "$TESTDIR/hub.sh"
  $ hub_start --jwt-key="$KEY"
  $ p() { pub "$PUB" "$@"; }

A field the hub cannot take is a 400 with a plain message:

  $ p -d data=x
  missing 'topic' field
   400
  $ p -d topic=a -d retry=soon
  invalid 'retry' field
   400
  $ p -d topic=a -d retry=-1
  invalid 'retry' field
   400
  $ p -d topic=a -d retry=18446744073709551616
  invalid 'retry' field
   400
  $ p -d topic=a -d id=%23fragment
  invalid 'id' field: reserved value
   400
  $ p -d topic=a -d id=earliest
  invalid 'id' field: reserved value
   400
  $ for v in a%0Db a%0Ab a%0D%0Ab a%00b; do p -d topic=a -d id=$v; p -d topic=a -d type=$v; done
  invalid 'id' field: line break or NUL
   400
  invalid 'type' field: line break or NUL
   400
  invalid 'id' field: line break or NUL
   400
  invalid 'type' field: line break or NUL
   400
  invalid 'id' field: line break or NUL
   400
  invalid 'type' field: line break or NUL
   400
  invalid 'id' field: line break or NUL
   400
  invalid 'type' field: line break or NUL
   400
  $ p -d topic=a -d type=mercure
  invalid 'type' field: reserved value
   400
  $ p -d topic=a%00b
  invalid 'topic' field: NUL byte
   400
  $ p -d topic=a -d data=%E
  invalid percent-escape at byte 14
   400
  $ p -d topic=*
  invalid 'topic': '*' selects every topic and cannot name one
   400

Topics, ids and types are UTF-8 text without control or format
characters (a zero-width space, a bidirectional mark, C1 controls would
make two topics look alike); data is UTF-8, controls allowed:

  $ for t in a%01b a%7Fb a%C2%85b a%E2%80%8Bb a%E2%80%8Eb a%EF%BB%BFb a%FFb a%C0%AFb a%ED%A0%80b a%F4%90%80%80b a%E2%82; do
  >   p -d topic=$t
  > done 2>&1 | sort | uniq -c | sed 's/^ *//'
  11  400
  11 invalid 'topic': not UTF-8 text, or control or format characters
  $ p -d topic=a -d id=a%09b
  invalid 'id': not UTF-8 text, or control or format characters
   400
  $ p -d topic=a -d type=a%E2%80%8Bb
  invalid 'type': not UTF-8 text, or control or format characters
   400
  $ p -d topic=a -d data=%FF
  invalid 'data': not UTF-8
   400
  $ p -d topic=https://example.com/vins/ch%C3%A2teau -d id=%E2%82%AC -d type=%C3%A9 -d data=a%01%09b%C2%85 -d private
  \xe2\x82\xac 200 (esc)

Too many topics, or a topic too long, is a 400 too:

  $ python3 -c 'print("&".join("topic=t%d" % i for i in range(1001)))' > many
  $ p --data-binary @many | tail -n 1
   400
  $ python3 -c 'print("topic=" + "x" * 4097)' > long
  $ p --data-binary @long | tail -n 1
   400

The body must be a form, whatever the case of its media type, with
parameters allowed:

  $ p -H 'Content-Type: text/plain' -d topic=a
  Content-Type must be application/x-www-form-urlencoded
   415
  $ p -H 'Content-Type: application/x-www-form-urlencodedX' -d topic=a
  Content-Type must be application/x-www-form-urlencoded
   415
  $ p -H 'Content-Type: application/json' --data-binary '{"topic":"a"}'
  Content-Type must be application/x-www-form-urlencoded
   415
  $ curl -sS -H "Authorization: Bearer $PUB" -H 'Content-Type:' -d topic=a -w ' %{http_code}\n' "$HUB"
  Content-Type must be application/x-www-form-urlencoded
   415
  $ p -H 'Content-Type: Application/X-WWW-Form-URLEncoded; charset=UTF-8' -d topic=a -d id=ok
  ok 200
  $ p -H 'Content-Type: application/x-www-form-urlencoded ;charset=utf-8' -d topic=a -d id=ok2
  ok2 200

Unknown fields are ignored; a single-valued field takes its first value;
"private" needs no value; an empty id or type is no id or type:

  $ p -d topic=a -d id=first -d id=second -d color=red -d private -d type=
  first 200

Topics in the hub's own namespace are refused, however they are spelled
(relative to the hub URL, with dot segments or %-escapes):

  $ for t in /.well-known/mercure /.well-known/mercure/subscriptions/a/b \
  >   https://example.com/.well-known/mercure/x '/.well-known/mercure?x' \
  >   mercure/subscriptions/x ./mercure /a/../.well-known/mercure/x \
  >   /.well-known/%6Dercure/x /.well-known/./mercure %2E%2E/.well-known/mercure \
  >   'http://example.com\.well-known\mercure' //example.com/.well-known/mercure/x; do
  >   p --data-urlencode "topic=$t"
  > done
  Topics under /.well-known/mercure are reserved.
   403
  Topics under /.well-known/mercure are reserved.
   403
  Topics under /.well-known/mercure are reserved.
   403
  Topics under /.well-known/mercure are reserved.
   403
  Topics under /.well-known/mercure are reserved.
   403
  Topics under /.well-known/mercure are reserved.
   403
  Topics under /.well-known/mercure are reserved.
   403
  Topics under /.well-known/mercure are reserved.
   403
  Topics under /.well-known/mercure are reserved.
   403
  Topics under /.well-known/mercure are reserved.
   403
  Topics under /.well-known/mercure are reserved.
   403
  Topics under /.well-known/mercure are reserved.
   403

An alternate topic is checked too; topics that only look alike pass:

  $ p -d topic=ok -d topic=/.well-known/mercure/subscriptions
  Topics under /.well-known/mercure are reserved.
   403
  $ for t in /.well-known/mercurex /.well-known/mercure-x https://example.com/well-known/mercure \
  >   /.well-known/other /x/.well-known; do p --data-urlencode "topic=$t" -d id=fine; done
  fine 200
  fine 200
  fine 200
  fine 200
  fine 200

A body over the limit is refused with 413 before it is read:

  $ head -c 1048577 /dev/zero | tr '\0' a | sed 's/^/topic=a\&data=/' > big
  $ p --data-binary @big
  request body too large
   413
  $ p -H 'Expect:' --data-binary @big
  request body too large
   413

A body just under it is fine:

  $ head -c 1048000 /dev/zero | tr '\0' a | sed 's/^/topic=a\&id=big\&data=/' > ok
  $ p --data-binary @ok
  big 200

  $ hub_stop
