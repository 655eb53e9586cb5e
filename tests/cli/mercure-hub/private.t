mercure-hub: private updates reach only the subscribers whose
mercure.subscribe selectors allow one of the update's topics.

  $ . "$TESTDIR/hub.sh"
  $ hub_start --jwt-key="$KEY" --allow-anonymous

  $ A=$(jwt-mint --key "$KEY" --subscribe "$T/users/alice/{?topic}" --subscribe "$T/books/1")
  $ B=$(jwt-mint --key "$KEY" --subscribe "$T/books/{id}")
  $ ALL=$(jwt-mint --key "$KEY" --subscribe '*')
  $ NONE=$(jwt-mint --key "$KEY" --sub nobody)
  $ EMPTY=$(jwt-mint --key "$KEY" --claims '{"mercure":{"subscribe":[]}}')
  $ sel="topic=$T/books/{id}&topic=$T/end"
  $ sub anon "$HUB?$sel"
  $ sub a -H "Authorization: Bearer $A" "$HUB?$sel"
  $ sub b -H "Authorization: Bearer $B" "$HUB?$sel"
  $ sub all -H "Authorization: Bearer $ALL" "$HUB?$sel"
  $ sub none -H "Authorization: Bearer $NONE" "$HUB?$sel"
  $ sub empty -H "Authorization: Bearer $EMPTY" "$HUB?$sel"

A public update, then private ones ("private" with any value, empty or
"false" too, since the hub must not read it): for books/1 (A and B may
read it), books/2 (B), books/3 with alice's user-scoped alternate topic
(A and B), and one whose only allowed topic is not one the subscriber
selected (B's claim allows books/4; A selects books/{id} but its claim
allows only the alternate, which is enough):

  $ pub "$PUB" -d topic=$T/books/1 -d data=public >/dev/null
  $ pub "$PUB" -d topic=$T/books/1 -d data=book1 -d private=on >/dev/null
  $ pub "$PUB" -d topic=$T/books/2 -d data=book2 -d private= >/dev/null
  $ pub "$PUB" -d topic=$T/books/3 --data-urlencode "topic=$T/users/alice/?topic=https%3A%2F%2Fexample.com%2Fbooks%2F3" -d data=book3-alice -d private=false >/dev/null
  $ pub "$PUB" -d topic=$T/other -d topic=$T/books/4 -d data=book4-alternate -d private=on >/dev/null
  $ pub "$PUB" -d topic=$T/end -d data=end >/dev/null
  $ for s in anon a b all none empty; do wait_for $s '^data: end$'; done
  $ for s in anon a b all none empty; do
  >   echo "$s: $(sse $s | sed -n 's/^data: //p' | tr '\n' ' ')"
  > done
  anon: public end 
  a: public book1 book3-alice end 
  b: public book1 book2 book3-alice book4-alternate end 
  all: public book1 book2 book3-alice book4-alternate end 
  none: public end 
  empty: public end 

The selectors in the query never widen access: subscribing to "*" gives
an anonymous subscriber no private update either:

  $ sub star "$HUB?topic=*"
  $ pub "$PUB" -d topic=$T/books/1 -d data=secret -d private=on >/dev/null
  $ pub "$PUB" -d topic=$T/end -d data=end >/dev/null
  $ wait_for star '^data: end$'
  $ sse star | grep -c secret
  0
  [1]

  $ for s in anon a b all none empty star; do sub_stop $s; done
  $ hub_stop
