mercure-hub: Mercure 1.0 access tokens (typ at+jwt, authorization_details)
beside the 0.x ones: what they allow, what makes them invalid, and the
issuer and audience a hub may demand of every token.

  $ . "$TESTDIR/hub.sh"
  $ at() { # CLAIMS [TYP]: an HS256 token signed with $KEY, typ at+jwt
  >   python3 -c '
  > import base64, hashlib, hmac, json, sys
  > claims, typ, key = sys.argv[1:]
  > b = lambda d: base64.urlsafe_b64encode(d).rstrip(b"=").decode()
  > head = {"alg": "HS256", "typ": typ} if typ else {"alg": "HS256"}
  > hp = b(json.dumps(head).encode()) + "." + b(claims.encode())
  > print(hp + "." + b(hmac.new(key.encode(), hp.encode(), hashlib.sha256).digest()))
  > ' "$1" "${2-at+jwt}" "$KEY"
  > }
  $ EXP=$(( $(date +%s) + 3600 ))
  $ D='"type":"https://mercure.rocks/authorization-detail"'
  $ grant() { # ACTIONS TOPICS [MORE]: claims with one Mercure entry
  >   printf '{"exp":%s,"authorization_details":[{%s,"actions":%s,"topics":%s}%s]}' \
  >     "$EXP" "$D" "$1" "$2" "${3-}"
  > }
  $ hub_start --jwt-key="$KEY" --allow-anonymous

Publishing: the token must allow every topic of the update; an exact
matcher is the same bytes, never a template, and "*" is every topic:

  $ P=$(at "$(grant '["publish"]' "[{\"match\":\"$T/books/1\"},{\"match\":\"$T/wines/{id}\",\"match_type\":\"exact\"}]")")
  $ pub "$P" -d topic=$T/books/1 -d id=b1
  b1 200
  $ pub "$P" -d "topic=$T/wines/{id}" -d id=itself
  itself 200
  $ for t in books/2 wines/1; do pub "$P" -d topic=$T/$t; done
  Forbidden
   403
  Forbidden
   403
  $ pub "$P" -d topic=$T/books/1 -d topic=$T/books/2
  Forbidden
   403
  $ req -H "Authorization: Bearer $P" -d topic=$T/books/2 "$HUB" | grep WWW
  WWW-Authenticate: Bearer realm="mercure", error="insufficient_scope"
  $ ALL=$(at "$(grant '["publish"]' '[{"match":"*"}]')")
  $ pub "$ALL" -d topic=$T/anything -d id=any
  any 200

The media type spelling of the type and any case are accepted; a grant
for other actions publishes nothing:

  $ pub "$(at "$(grant '["publish"]' '[{"match":"*"}]')" application/at+jwt)" -d topic=a -d id=media
  media 200
  $ pub "$(at "$(grant '["publish"]' '[{"match":"*"}]')" AT+JWT)" -d topic=a -d id=upper
  upper 200
  $ pub "$(at "$(grant '["subscribe","delete"]' '[{"match":"*"}]')")" -d topic=a
  Forbidden
   403

An access token must say when it expires; a type other than JWT and
at+jwt is refused; a malformed Mercure entry makes the whole token
invalid, even beside a good one, and the answer never says why:

  $ bad() { # CLAIMS [TYP]: the status and challenge for publishing
  >   curl -sS -o /dev/null -D - -H "Authorization: Bearer $(at "$@")" -d topic=a "$HUB" |
  >     tr -d '\r' | grep -E '^(HTTP|WWW)' | tr '\n' ' '; echo
  > }
  $ bad "{\"authorization_details\":[{$D,\"actions\":[\"publish\"],\"topics\":[{\"match\":\"*\"}]}]}"
  HTTP/1.1 401 Unauthorized WWW-Authenticate: Bearer realm="mercure", error="invalid_token" 
  $ bad "$(grant '["publish"]' '[{"match":"*"}]')" JOSE
  HTTP/1.1 401 Unauthorized WWW-Authenticate: Bearer realm="mercure", error="invalid_token" 
  $ for g in "$(grant '[]' '[{"match":"*"}]')" \
  >          "$(grant '["publish",1]' '[{"match":"*"}]')" \
  >          "$(grant '["publish"]' '[]')" \
  >          "$(grant '["publish"]' '[{"match_type":"exact"}]')" \
  >          "$(grant '["publish"]' '[{"match":"*","match_type":"regex"}]')" \
  >          "$(grant '["subscribe"]' '[{"match":"a"}]' ",{$D,\"actions\":[\"publish\"],\"topics\":[{\"match\":\"*\"}],\"payload\":[]}")" \
  >          "$(grant '["publish"]' '[{"match":"*"}]' ',7')" \
  >          "{\"exp\":$EXP,\"authorization_details\":{$D}}"; do
  >   bad "$g"
  > done
  HTTP/1.1 401 Unauthorized WWW-Authenticate: Bearer realm="mercure", error="invalid_token" 
  HTTP/1.1 401 Unauthorized WWW-Authenticate: Bearer realm="mercure", error="invalid_token" 
  HTTP/1.1 401 Unauthorized WWW-Authenticate: Bearer realm="mercure", error="invalid_token" 
  HTTP/1.1 401 Unauthorized WWW-Authenticate: Bearer realm="mercure", error="invalid_token" 
  HTTP/1.1 401 Unauthorized WWW-Authenticate: Bearer realm="mercure", error="invalid_token" 
  HTTP/1.1 401 Unauthorized WWW-Authenticate: Bearer realm="mercure", error="invalid_token" 
  HTTP/1.1 401 Unauthorized WWW-Authenticate: Bearer realm="mercure", error="invalid_token" 
  HTTP/1.1 401 Unauthorized WWW-Authenticate: Bearer realm="mercure", error="invalid_token" 
  $ reasons() { sed -n 's/.* reason="\(.*\)"$/\1/p' hub.log | sort | uniq -c | sed 's/^ *//'; }
  $ reasons
  1 'authorization_details' is not an array
  1 an at+jwt token must have 'exp'
  1 authorization_details[0]: 'actions' holds a non-string
  1 authorization_details[0]: 'actions' is not a non-empty array
  1 authorization_details[0]: 'match_type' is not \"exact\" or \"urlpattern\"
  1 authorization_details[0]: 'topics' is not a non-empty array
  1 authorization_details[0]: a topic without a 'match'
  1 authorization_details[1] is not an object
  1 authorization_details[1]: 'payload' is not an object
  5 the token does not allow every topic
  1 token type 'JOSE' is not supported

Entries of other types are another resource's business and are ignored:

  $ pub "$(at "$(grant '["publish"]' '[{"match":"*"}]' ',{"type":"tenant","actions":{"read":true}}')")" -d topic=a -d id=other-types
  other-types 200

Subscribing: a private update reaches a subscriber whose token allows
one of its topics. A URL pattern allows the topics it matches (":id" is
one path segment); "*" as a URL pattern is every topic:

  $ S=$(at "$(grant '["subscribe"]' "[{\"match\":\"$T/authors/1\"},{\"match\":\"$T/books/:id\",\"match_type\":\"urlpattern\"}]")")
  $ W=$(at "$(grant '["subscribe"]' '[{"match":"*","match_type":"urlpattern"}]')")
  $ sel="topic=*"
  $ sub s -H "Authorization: Bearer $S" "$HUB?$sel"
  $ sub w -H "Authorization: Bearer $W" "$HUB?$sel"
  $ sub anon "$HUB?$sel"
  $ sub legacy -H "Authorization: Bearer $SUB" "$HUB?$sel"
  $ pub "$ALL" -d topic=$T/books/1 -d data=book1 -d private=on >/dev/null
  $ pub "$ALL" -d topic=$T/books/1/x -d data=book1-x -d private=on >/dev/null
  $ pub "$ALL" -d topic=$T/authors/1 -d data=author1 -d private=on >/dev/null
  $ pub "$ALL" -d topic=$T/authors/2 -d data=author2 -d private=on >/dev/null
  $ pub "$ALL" -d topic=$T/authors/3 -d topic=$T/books/3 -d data=author3-alternate -d private=on >/dev/null
  $ pub "$ALL" -d topic=$T/end -d data=end >/dev/null
  $ for s in s w anon legacy; do wait_for $s '^data: end$'; done
  $ for s in s w anon legacy; do
  >   echo "$s: $(sse $s | sed -n 's/^data: //p' | tr '\n' ' ')"
  > done
  s: book1 author1 author3-alternate end 
  w: book1 book1-x author1 author2 author3-alternate end 
  anon: end 
  legacy: book1 book1-x author1 author2 author3-alternate end 
  $ for s in s w anon legacy; do sub_stop $s; done

A malformed token is refused for subscribing too:

  $ curl -sS -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $(at "$(grant '["subscribe"]' '[{"match":""}]')")" "$HUB?topic=a"
  401

Publishing by URL pattern: exactly the topics the pattern matches; a
relative pattern is resolved against the default base URL
http://mercure.invalid/.well-known/mercure, as a relative topic is:

  $ U=$(at "$(grant '["publish"]' "[{\"match\":\"$T/books/:id\",\"match_type\":\"urlpattern\"},{\"match\":\"/wines/:id\",\"match_type\":\"urlpattern\"}]")")
  $ pub "$U" -d topic=$T/books/7 -d id=pattern
  pattern 200
  $ pub "$U" -d topic=/wines/2 -d id=relative
  relative 200
  $ pub "$U" -d topic=http://mercure.invalid/wines/3 -d id=resolved
  resolved 200
  $ for t in $T/books/7/x $T/authors/7 http://example.com/books/7 https://example.org/wines/2; do
  >   pub "$U" -d topic=$t
  > done
  Forbidden
   403
  Forbidden
   403
  Forbidden
   403
  Forbidden
   403
  $ pub "$U" -d topic=$T/books/7 -d topic=$T/authors/7
  Forbidden
   403

A URL pattern the matcher refuses makes the token invalid, for either
action, and the log says why:

  $ BADP=$(at "$(grant '["publish","subscribe"]' "[{\"match\":\"$T/books/:id/:id\",\"match_type\":\"urlpattern\"}]")")
  $ req -H "Authorization: Bearer $BADP" -d topic=$T/books/1 "$HUB" | grep -E '^(HTTP|WWW)'
  HTTP/1.1 401 Unauthorized
  WWW-Authenticate: Bearer realm="mercure", error="invalid_token"
  $ req -H "Authorization: Bearer $BADP" "$HUB?topic=a" | grep -E '^(HTTP|WWW)'
  HTTP/1.1 401 Unauthorized
  WWW-Authenticate: Bearer realm="mercure", error="invalid_token"
  $ reasons | grep 'invalid url pattern'
  2 authorization_details[0]: invalid url pattern: duplicate group name 'id' in the pathname at column 31

A token may carry both grammars; it is allowed what either allows:

  $ B=$(at "{\"exp\":$EXP,\"mercure\":{\"publish\":[\"$T/wines/{id}\"]},\"authorization_details\":[{$D,\"actions\":[\"publish\"],\"topics\":[{\"match\":\"$T/books/1\"}]}]}")
  $ pub "$B" -d topic=$T/wines/9 -d topic=$T/books/1 -d id=both
  both 200
  $ hub_stop

Subscription events carry, for each subscription, the payload of the
first subscribe entry that names its matcher ("*" as a default):

  $ hub_start --jwt-key="$KEY" --subscriptions
  $ WATCH=$(jwt-mint --key "$KEY" --subscribe '/.well-known/mercure/subscriptions{/topic}{/subscriber}')
  $ sub watch -H "Authorization: Bearer $WATCH" "$HUB?topic=/.well-known/mercure/subscriptions{/topic}{/subscriber}"
  $ U=$(at "{\"exp\":$EXP,\"authorization_details\":[{$D,\"actions\":[\"subscribe\"],\"topics\":[{\"match\":\"$T/a\"}],\"payload\":{\"n\":1}},{$D,\"actions\":[\"subscribe\"],\"topics\":[{\"match\":\"*\"}],\"payload\":{\"n\":\"default\"}}]}")
  $ sub u -H "Authorization: Bearer $U" "$HUB?match=$T/a&match=$T/b"
  $ wait_for watch "\"topic\":\"$T/b\""
  $ wait_for watch "\"topic\":\"$T/a\""
  $ grep -o '"topic":"[^"]*",.*"payload":{[^}]*}' watch.out | sed 's/"subscriber":"[^"]*",//' | sort
  "topic":"https://example.com/a","active":true,"payload":{"n":1}
  "topic":"https://example.com/b","active":true,"payload":{"n":"default"}

The subscriptions API takes 1.0 tokens too:

  $ API=$(at "$(grant '["subscribe"]' '[{"match":"/.well-known/mercure/subscriptions"}]')")
  $ curl -sS -H "Authorization: Bearer $API" "$HUB/subscriptions" | grep -o '"payload":{[^}]*}' | sort
  "payload":{"n":"default"}
  "payload":{"n":1}
  $ curl -sS -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $API" "$HUB/subscriptions/x"
  403
  $ sub_stop u
  $ sub_stop watch
  $ hub_stop

--jwt-issuer and --jwt-audience: every token, of either kind, must name
the issuer and hold the audience (in a string or an array):

  $ AUD=https://hub.example/.well-known/mercure
  $ hub_start --jwt-key="$KEY" --jwt-issuer=https://issuer.example --jwt-audience="$AUD"
  $ ok="{\"exp\":$EXP,\"iss\":\"https://issuer.example\",\"aud\":\"$AUD\",\"authorization_details\":[{$D,\"actions\":[\"publish\"],\"topics\":[{\"match\":\"*\"}]}]}"
  $ pub "$(at "$ok")" -d topic=a -d id=bound
  bound 200
  $ pub "$(at "$(echo "$ok" | sed "s|\"$AUD\"|[\"x\",\"$AUD\"]|")")" -d topic=a -d id=in-array
  in-array 200
  $ pub "$(jwt-mint --key "$KEY" --publish '*' --iss https://issuer.example --aud "$AUD")" -d topic=a -d id=legacy-bound
  legacy-bound 200
  $ for t in "$(at "$(echo "$ok" | sed 's|issuer.example|other.example|')")" \
  >          "$(at "$(echo "$ok" | sed "s|$AUD|https://other.example/.well-known/mercure|")")" \
  >          "$(at "$(echo "$ok" | sed "s|\"aud\":\"$AUD\",||")")" \
  >          "$PUB"; do
  >   curl -sS -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $t" -d topic=a "$HUB"
  > done
  401
  401
  401
  401
  $ curl -sS -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $SUB" "$HUB?topic=a"
  401
  $ reasons
  1 audience does not hold 'https://hub.example/.well-known/mercure'
  1 issuer is not 'https://issuer.example'
  1 token has no 'aud'
  2 token has no 'iss'
  $ hub_stop
