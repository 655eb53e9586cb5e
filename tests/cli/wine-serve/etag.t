Every successful GET carries a strong ETag of its body, as API Platform's
AddHeadersListener gives one; a client revalidating with If-None-Match
gets 304 without a body while the resource is unchanged, and the new
representation once it changes.

  $ . "$TESTDIR/setup.sh"
  $ db data.db
  $ start -d data.db -m media -q
  $ tag() { curl -s -D - -o /dev/null "$@" | sed -n 's/^ETag: \(.*\)\r$/\1/p'; }

A tag is 32 hex digits in quotes, the same on every request, and another
for another representation of the same wine:

  $ T1=$(tag $API/api/wines/1)
  $ echo "$T1" | grep -Ec '^"[0-9a-f]{32}"$'
  1
  $ test "$(tag $API/api/wines/1)" = "$T1" && echo same
  same
  $ test "$(tag -H 'Accept: application/json' $API/api/wines/1)" != "$T1" && echo differs
  differs
  $ tag -I $API/api/wines/1 | grep -c .
  1

Revalidation: 304 with the tag and the usual headers but no body or
length; any member of a list matches, weak or strong; a stale tag gets
the whole body:

  $ curl -s -D headers -H "If-None-Match: $T1" $API/api/wines/1 | wc -c
  0
  $ head -1 headers
  HTTP/1.1 304 Not Modified\r (esc)
  $ grep -c -e '^ETag: ' -e '^Vary: Accept' -e '^Cache-Control: no-cache, private' headers
  3
  $ grep -ci '^content-length' headers
  0
  [1]
  $ curl -s -o /dev/null -w '%{http_code}\n' -H "If-None-Match: \"0\", W/$T1" $API/api/wines/1
  304
  $ curl -s -o /dev/null -w '%{http_code}\n' -H 'If-None-Match: *' $API/api/wines/1
  304
  $ curl -s -o /dev/null -w '%{http_code}\n' -H 'If-None-Match: "0"' $API/api/wines/1
  200

The connection stays usable after a 304 (no stray body bytes): the
second request reuses it and gets its own answer whole.

  $ curl -s -w '%{http_code} %{num_connects}\n' -H "If-None-Match: $T1" $API/api/wines/1 -o /dev/null $API/api/wines/2 -o body2
  304 1
  200 0
  $ jq .id body2
  2

A change makes the old tag stale:

  $ curl -s -o /dev/null -w '%{http_code}\n' -X PUT -H 'Content-Type: application/ld+json' -d '{"stock":3}' $API/api/wines/1
  200
  $ curl -s -o /dev/null -w '%{http_code}\n' -H "If-None-Match: $T1" $API/api/wines/1
  200
  $ test "$(tag $API/api/wines/1)" != "$T1" && echo changed
  changed

Writes and errors carry no tag:

  $ tag -X PUT -H 'Content-Type: application/ld+json' -d '{"stock":4}' $API/api/wines/1 | grep -c .
  0
  [1]
  $ tag $API/api/wines/999 | grep -c .
  0
  [1]
  $ stop
