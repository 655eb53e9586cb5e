mercure-hub: history and reconnection: the cursor in each spelling, the
response cursor headers, earliest, unknown ids, repeated ids, private
updates replayed only to whom the current token allows.

  $ . "$TESTDIR/hub.sh"
  $ hub_start --jwt-key="$KEY" --allow-anonymous

  $ for i in 1 2 3; do pub "$PUB" -d topic=$T/a -d id=a$i -d data=a$i >/dev/null; done
  $ pub "$PUB" -d topic=$T/b -d id=b1 -d data=b1 >/dev/null
  $ pub "$PUB" -d topic=$T/a -d id=p1 -d data=private -d private=on >/dev/null
  $ pub "$PUB" -d topic=$T/a -d id=a4 -d data=a4 >/dev/null

  $ replay() { # NAME CURL-ARGS...: subscribe, publish a marker, show both
  >   local n=$1; shift
  >   sub "$n" "$@"
  >   pub "$PUB" -d topic=$T/a -d topic=$T/b -d id=live-$n -d data=live >/dev/null
  >   wait_for "$n" "^id: live-$n\$"
  >   sub_stop "$n"
  >   head_of "$n" | grep -i 'last-event-id'
  >   sse "$n" | sed -n 's/^id: //p' | tr '\n' ' '; echo
  > }

The Last-Event-ID header: everything after that id, for the selected
topics, then live updates; both response headers name the cursor:

  $ replay h1 -H 'Last-Event-ID: a1' "$HUB?topic=$T/a"
  Last-Event-ID: a1
  Mercure-Last-Event-ID: a1
  a2 a3 a4 live-h1 

The query spellings: lastEventID (0.x) and last_event_id (1.0); the
header beats them:

  $ replay q1 "$HUB?topic=$T/a&lastEventID=a2"
  Last-Event-ID: a2
  Mercure-Last-Event-ID: a2
  a3 a4 live-h1 live-q1 
  $ replay q2 "$HUB?topic=$T/a&last_event_id=a3"
  Last-Event-ID: a3
  Mercure-Last-Event-ID: a3
  a4 live-h1 live-q1 live-q2 
  $ replay q3 -H 'Last-Event-ID: live-q2' "$HUB?topic=$T/a&last_event_id=a1&lastEventID=a1"
  Last-Event-ID: live-q2
  Mercure-Last-Event-ID: live-q2
  live-q3 

"earliest" replays everything the hub holds for the topics:

  $ replay e1 "$HUB?topic=$T/b&lastEventID=earliest"
  Last-Event-ID: earliest
  Mercure-Last-Event-ID: earliest
  b1 live-h1 live-q1 live-q2 live-q3 live-e1 

An unknown id replays nothing and answers "earliest", so the subscriber
can tell it may have missed updates:

  $ replay u1 "$HUB?topic=$T/a&lastEventID=unknown"
  Last-Event-ID: earliest
  Mercure-Last-Event-ID: earliest
  live-u1 

An empty cursor (a first connection of a client that always sends one)
replays nothing; 1.0 answers its header all the same:

  $ replay z1 "$HUB?topic=$T/a&last_event_id="
  Mercure-Last-Event-ID: earliest
  live-z1 

Without a cursor there is neither header nor replay:

  $ replay n1 "$HUB?topic=$T/a"
  live-n1 

The Last-Event-ID query parameter is the older protocol's, taken only
with --protocol-version-compatibility 7:

  $ replay v1 "$HUB?topic=$T/a&Last-Event-ID=a3"
  live-v1 

Private updates are replayed only to a subscriber whose token allows
them now:

  $ R=$(jwt-mint --key "$KEY" --subscribe "$T/a")
  $ replay p1 -H "Authorization: Bearer $R" -H 'Last-Event-ID: b1' "$HUB?topic=$T/a"
  Last-Event-ID: b1
  Mercure-Last-Event-ID: b1
  p1 a4 live-h1 live-q1 live-q2 live-q3 live-e1 live-u1 live-z1 live-n1 live-v1 live-p1 
  $ replay p2 -H 'Last-Event-ID: b1' "$HUB?topic=$T/a"
  Last-Event-ID: b1
  Mercure-Last-Event-ID: b1
  a4 live-h1 live-q1 live-q2 live-q3 live-e1 live-u1 live-z1 live-n1 live-v1 live-p1 live-p2 

An id published twice: the cursor is its first occurrence, and what
follows it, the second occurrence included, is replayed:

  $ pub "$PUB" -d topic=$T/d -d id=twice -d data=first >/dev/null
  $ pub "$PUB" -d topic=$T/d -d id=middle -d data=middle >/dev/null
  $ pub "$PUB" -d topic=$T/d -d id=twice -d data=second >/dev/null
  $ sub d -H 'Last-Event-ID: twice' "$HUB?topic=$T/d"
  $ wait_for d '^data: second$'
  $ sub_stop d
  $ sse d | sed -n 's/^data: //p'
  middle
  second
  $ hub_stop

With --protocol-version-compatibility 7, Last-Event-ID in the query is a
cursor (even empty), and a token with an empty publish list may publish
public updates to any topic, not private ones:

  $ hub_start --jwt-key="$KEY" --allow-anonymous --protocol-version-compatibility 7
  $ OLD=$(jwt-mint --key "$KEY" --claims '{"mercure":{"publish":[]}}')
  $ pub "$OLD" -d topic=$T/a -d id=old1 -d data=old1
  old1 200
  $ pub "$OLD" -d topic=$T/a -d id=old2 -d data=old2
  old2 200
  $ pub "$OLD" -d topic=$T/a -d data=private -d private=on
  Forbidden
   403
  $ pub "$(jwt-mint --key "$KEY" --sub no-claim)" -d topic=$T/a
  Forbidden
   403
  $ replay v7 "$HUB?topic=$T/a&Last-Event-ID=old1"
  Last-Event-ID: old1
  Mercure-Last-Event-ID: old1
  old2 live-v7 
  $ replay v8 "$HUB?topic=$T/a&Last-Event-ID="
  Mercure-Last-Event-ID: earliest
  live-v8 
  $ hub_stop

The history is bounded: past its size the oldest updates are dropped, and
a cursor that fell out of it is unknown:

  $ hub_start --jwt-key="$KEY" --allow-anonymous --transport-url='local://?size=3'
  $ for i in 1 2 3 4 5; do pub "$PUB" -d topic=$T/a -d id=r$i >/dev/null; done
  $ replay r1 "$HUB?topic=$T/a&lastEventID=r1"
  Last-Event-ID: earliest
  Mercure-Last-Event-ID: earliest
  live-r1 
  $ replay r2 "$HUB?topic=$T/a&lastEventID=earliest"
  Last-Event-ID: earliest
  Mercure-Last-Event-ID: earliest
  r4 r5 live-r1 live-r2 
  $ hub_stop

A replay longer than a subscriber's queue goes out in pages, each written
before the next is read, and nothing is left out; live updates follow it:

  $ hub_start --jwt-key="$KEY" --allow-anonymous
  $ python3 - "$PORT" "$PUB" "$T" <<'EOF'
  > import http.client, sys
  > port, token, t = sys.argv[1:]
  > c = http.client.HTTPConnection("127.0.0.1", int(port))
  > for i in range(1, 1201):
  >     c.request("POST", "/.well-known/mercure", "topic=%s/many&id=m%d&data=%d" % (t, i, i),
  >               {"Authorization": "Bearer " + token,
  >                "Content-Type": "application/x-www-form-urlencoded"})
  >     r = c.getresponse()
  >     assert r.status == 200 and r.read() == b"m%d" % i
  > EOF
  $ sub m "$HUB?topic=$T/many&lastEventID=earliest"
  $ pub "$PUB" -d topic=$T/many -d id=live-m
  live-m 200
  $ wait_for m '^id: live-m$'
  $ sub_stop m
  $ head_of m | grep -i last-event-id
  Last-Event-ID: earliest
  Mercure-Last-Event-ID: earliest
  $ sse m | grep -c '^id: '
  1001
  $ sse m | grep '^id: ' | sed -n '1p;1000,$p'
  id: m201
  id: m1200
  id: live-m
  $ sub m2 "$HUB?topic=$T/many&lastEventID=m1100"
  $ wait_for m2 '^id: live-m$'
  $ sub_stop m2
  $ head_of m2 | grep -i last-event-id
  Last-Event-ID: m1100
  Mercure-Last-Event-ID: m1100
  $ sse m2 | grep -c '^id: '
  101
  $ hub_stop
