mercure-hub --subscriptions: an update for every subscription that starts
or ends, and the JSON-LD subscriptions API.

  $ . "$TESTDIR/hub.sh"
  $ hub_start --jwt-key="$KEY" --subscriptions

  $ S=/.well-known/mercure/subscriptions
  $ W=$(jwt-mint --key "$KEY" --subscribe "$S{/topic}{/subscriber}" --payload '{"role":"watcher"}')
  $ sub watch -H "Authorization: Bearer $W" "$HUB?topic=$S{/topic}{/subscriber}"

A subscriber with a payload, on two topics (one needing escapes):

  $ U=$(jwt-mint --key "$KEY" --subscribe "$T/x" --payload '{"user":"u1"}')
  $ sub u -H "Authorization: Bearer $U" "$HUB?topic=$T/books/{id}&topic=a%20b/c"
  $ wait_for watch '"topic":"a b/c"'
  $ id=$(sed -n 's/.*"topic":"a b\/c","subscriber":"\([^"]*\)".*/\1/p' watch.out)
  $ echo "$id"
  urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12} (re)
  $ enc=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$id")

Each subscription is announced as a private update on
/.well-known/mercure/subscriptions/{topic}/{subscriber}, each part
escaped as a whole:

  $ grep -v '^:' watch.out | grep -A2 '"a b/c"' | sed "s/$id/ID/g; s/$enc/ENC/g; s/^id: urn:uuid:.*/id: (uuid)/"
  data: {"@context":"https://mercure.rocks/","id":"/.well-known/mercure/subscriptions/a%20b%2Fc/ENC","type":"Subscription","topic":"a b/c","subscriber":"ID","active":true,"payload":{"user":"u1"}}
  

The API lists the active subscriptions, for everyone, for one topic, and
one subscription alone; the request path must be allowed by the token:

  $ A=$(jwt-mint --key "$KEY" --subscribe "$S" --subscribe "$S/{topic}" --subscribe "$S/{topic}/{subscriber}")
  $ api() { curl -sS -H "Authorization: Bearer $A" -w ' %{http_code} %{content_type}\n' "$HUB/subscriptions$1"; }
  $ api | sed "s/$id/ID/g; s/$enc/ENC/g; s/urn:uuid:[0-9a-f-]*/UUID/g; s/urn%3Auuid%3A[0-9a-f-]*/UUID/g" | python3 -c '
  > import json, sys
  > body, status, ctype = sys.stdin.read().rsplit(" ", 2)
  > doc = json.loads(body)
  > print(status, ctype.strip())
  > print(json.dumps({k: v for k, v in doc.items() if k != "subscriptions"}, sort_keys=True))
  > for s in sorted(doc["subscriptions"], key=lambda s: s["topic"]):
  >     print(json.dumps(s, sort_keys=True))
  > '
  200 application/ld+json
  {"@context": "https://mercure.rocks/", "id": "/.well-known/mercure/subscriptions", "lastEventID": "UUID", "type": "Subscriptions"}
  {"@context": "https://mercure.rocks/", "active": true, "id": "/.well-known/mercure/subscriptions/%2F.well-known%2Fmercure%2Fsubscriptions%7B%2Ftopic%7D%7B%2Fsubscriber%7D/UUID", "payload": {"role": "watcher"}, "subscriber": "UUID", "topic": "/.well-known/mercure/subscriptions{/topic}{/subscriber}", "type": "Subscription"}
  {"@context": "https://mercure.rocks/", "active": true, "id": "/.well-known/mercure/subscriptions/a%20b%2Fc/ENC", "payload": {"user": "u1"}, "subscriber": "ID", "topic": "a b/c", "type": "Subscription"}
  {"@context": "https://mercure.rocks/", "active": true, "id": "/.well-known/mercure/subscriptions/https%3A%2F%2Fexample.com%2Fbooks%2F%7Bid%7D/ENC", "payload": {"user": "u1"}, "subscriber": "ID", "topic": "https://example.com/books/{id}", "type": "Subscription"}
  $ api /a%20b%2Fc | sed "s/$id/ID/g; s/$enc/ENC/g; s/urn:uuid:[0-9a-f-]*/UUID/g"
  {"@context":"https://mercure.rocks/","id":"/.well-known/mercure/subscriptions/a%20b%2Fc","type":"Subscriptions","lastEventID":"UUID","subscriptions":[{"@context":"https://mercure.rocks/","id":"/.well-known/mercure/subscriptions/a%20b%2Fc/ENC","type":"Subscription","topic":"a b/c","subscriber":"ID","active":true,"payload":{"user":"u1"}}]} 200 application/ld+json
  $ api "/a%20b%2Fc/$enc" | sed "s/$id/ID/g; s/$enc/ENC/g"
  {"@context":"https://mercure.rocks/","id":"/.well-known/mercure/subscriptions/a%20b%2Fc/ENC","type":"Subscription","topic":"a b/c","subscriber":"ID","active":true,"payload":{"user":"u1"}} 200 application/ld+json
  $ api "/a%20b%2Fc/urn%3Auuid%3Anobody"
  Not Found
   404 text/plain; charset=utf-8
  $ api "/nobody" | sed 's/urn:uuid:[0-9a-f-]*/UUID/g'
  {"@context":"https://mercure.rocks/","id":"/.well-known/mercure/subscriptions/nobody","type":"Subscriptions","lastEventID":"UUID","subscriptions":[]} 200 application/ld+json

Without a token 401; with one that does not allow the path 403; only GET:

  $ curl -sS -o /dev/null -w '%{http_code}\n' "$HUB/subscriptions"
  401
  $ curl -sS -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $U" "$HUB/subscriptions"
  403
  $ curl -sS -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $A" -d x=1 "$HUB/subscriptions"
  405

When the subscriber leaves, its subscriptions end with active false:

  $ sub_stop u
  $ wait_for watch '"topic":"a b/c".*"active":false'
  $ grep -c '"active":false' watch.out
  2
  $ api | grep -c '"a b/c"'
  0
  [1]

A publisher cannot forge subscription events:

  $ pub "$PUB" -d "topic=$S/x/y" -d data=forged
  Topics under /.well-known/mercure are reserved.
   403

  $ sub_stop watch
  $ hub_stop

Without --subscriptions there is no API and no event:

  $ hub_start --jwt-key="$KEY"
  $ curl -sS -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $A" "$HUB/subscriptions"
  404
  $ hub_stop
