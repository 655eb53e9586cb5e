mercure-hub: authorization: where a token comes from, which tokens are
refused (401) and which are valid but not allowed (403).

  $ . "$TESTDIR/hub.sh"
  $ hub_start --jwt-key="$KEY"

Publishing needs a token; 401 says so with WWW-Authenticate and gives no
reason beyond "Unauthorized" (the reason is logged):

  $ req -d topic=a "$HUB"
  HTTP/1.1 401 Unauthorized
  Server: winestore
  Content-Type: text/plain; charset=utf-8
  WWW-Authenticate: Bearer realm="mercure"
  X-Content-Type-Options: nosniff
  Content-Length: 13
  
  Unauthorized

A token signed with another key, an expired one, "alg: none", one
without its signature or with a segment too many, an empty one:

  $ other=$(jwt-mint --key 'another-secret-of-thirty-two-bytes!' --publish '*')
  $ expired=$(jwt-mint --key "$KEY" --publish '*' --claim exp=1000000000)
  $ none=$(printf '{"alg":"none","typ":"JWT"}' | b64url).$(printf '{"mercure":{"publish":["*"]}}' | b64url).
  $ for t in "$other" "$expired" "$none" "${PUB%.*}" "$PUB.x" ""; do
  >   curl -sS -o /dev/null -D - -H "Authorization: Bearer $t" -d topic=a "$HUB" |
  >     tr -d '\r' | grep -E '^(HTTP|WWW)'
  > done
  HTTP/1.1 401 Unauthorized
  WWW-Authenticate: Bearer realm="mercure", error="invalid_token"
  HTTP/1.1 401 Unauthorized
  WWW-Authenticate: Bearer realm="mercure", error="invalid_token"
  HTTP/1.1 401 Unauthorized
  WWW-Authenticate: Bearer realm="mercure", error="invalid_token"
  HTTP/1.1 401 Unauthorized
  WWW-Authenticate: Bearer realm="mercure", error="invalid_token"
  HTTP/1.1 401 Unauthorized
  WWW-Authenticate: Bearer realm="mercure", error="invalid_token"
  HTTP/1.1 401 Unauthorized
  WWW-Authenticate: Bearer realm="mercure", error="invalid_token"
  $ curl -sS -H "Authorization: Basic $PUB" -d topic=a -w ' %{http_code}\n' "$HUB"
  Unauthorized
   401

The scheme is case-insensitive (RFC 7235):

  $ curl -sS -H "Authorization: bearer $PUB" -d topic=a -d id=lower -w ' %{http_code}\n' "$HUB"
  lower 200

The log says why, for the operator:

  $ grep -c 'msg="token refused"' hub.log
  7
  $ grep -o 'reason="[^"]*"' hub.log | sort | uniq -c | sed 's/^ *//'
  1 reason="algorithm 'none' is refused"
  2 reason="not a bearer token"
  1 reason="signature does not match"
  1 reason="token expired at 2001-09-09T01:46:40Z"
  1 reason="token must have 3 segments, not 2"
  1 reason="token must have 3 segments, not 4"

A valid token must allow every topic of the update (403 otherwise); a
token without a publish claim, or an empty one, allows nothing:

  $ some=$(jwt-mint --key "$KEY" --publish "$T/wines/{id}")
  $ pub "$some" -d topic=$T/wines/1 -d id=allowed
  allowed 200
  $ pub "$some" -d topic=$T/wines/1 -d topic=$T/regions/1
  Forbidden
   403
  $ req -H "Authorization: Bearer $some" -d topic=$T/regions/1 "$HUB" | grep WWW
  WWW-Authenticate: Bearer realm="mercure", error="insufficient_scope"
  $ pub "$(jwt-mint --key "$KEY" --sub nobody)" -d topic=a
  Forbidden
   403
  $ pub "$(jwt-mint --key "$KEY" --claims '{"mercure":{"publish":[]}}')" -d topic=a
  Forbidden
   403
  $ pub "$SUB" -d topic=a
  Forbidden
   403

A template in the claim allows publishing to the template itself:

  $ pub "$some" -d "topic=$T/wines/{id}" -d id=itself
  itself 200

The token may also come from the authorization query parameter, and from
the mercureAuthorization cookie (then only from an allowed origin, see
cors.t); the header wins over both:

  $ curl -sS -d topic=a -d id=q -w ' %{http_code}\n' "$HUB?authorization=$PUB"
  q 200
  $ curl -sS -H "Authorization: Bearer $other" -d topic=a -w ' %{http_code}\n' "$HUB?authorization=$PUB"
  Unauthorized
   401
  $ curl -sS -H "Authorization: Bearer $PUB" -b "mercureAuthorization=$other" -d topic=a -d id=h -w ' %{http_code}\n' "$HUB"
  h 200

Subscribing: without --allow-anonymous a token is required:

  $ req "$HUB?topic=a" | head -n 1
  HTTP/1.1 401 Unauthorized
  $ for t in "$other" "$expired" "$none"; do
  >   curl -sS -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $t" "$HUB?topic=a"
  > done
  401
  401
  401

With a token from the header, the query or the cookie, it is accepted:

  $ sub h -H "Authorization: Bearer $SUB" "$HUB?topic=a"
  $ sub q "$HUB?topic=a&authorization=$SUB"
  $ sub c -b "mercureAuthorization=$SUB" "$HUB?topic=a"
  $ pub "$PUB" -d topic=a -d id=hello -d private=on
  hello 200
  $ for s in h q c; do wait_for $s '^id: hello$'; sub_stop $s; done

The token in the query is not written to the log:

  $ grep -c "$SUB" hub.log
  0
  [1]
  $ grep -o 'request="GET [^"]*authorization=[^"]*"' hub.log
  request="GET /.well-known/mercure?topic=a&authorization=REDACTED"

Not however the parameter is spelled:

  $ curl -sS -o /dev/null "$HUB?topic=a&%61uthorization=$other&xauthorization=x&authorization=$other"
  $ grep -c "$other" hub.log
  0
  [1]

  $ hub_stop

RS256: the hub verifies with a PEM public key; a token signed with HS256
using that public key as the secret (algorithm confusion) is refused,
and so is one signed with another RSA key:

  $ openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa.pem 2>/dev/null
  $ openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa2.pem 2>/dev/null
  $ openssl pkey -in rsa.pem -pubout -out rsa.pub
  $ hub_start --jwt-algorithm=RS256 --jwt-key=rsa.pub
  $ good=$(jwt-mint --alg RS256 --key rsa.pem --publish '*')
  $ pub "$good" -d topic=a -d id=rs256
  rs256 200
  $ pub "$(jwt-mint --alg RS256 --key rsa2.pem --publish '*')" -d topic=a
  Unauthorized
   401
  $ confused=$(python3 - <<'EOF'
  > import base64, hashlib, hmac, json
  > b = lambda d: base64.urlsafe_b64encode(d).rstrip(b"=").decode()
  > hp = b(b'{"alg":"HS256","typ":"JWT"}') + "." + b(json.dumps({"mercure": {"publish": ["*"]}}).encode())
  > key = open("rsa.pub", "rb").read()
  > print(hp + "." + b(hmac.new(key, hp.encode(), hashlib.sha256).digest()))
  > EOF
  > )
  $ pub "$confused" -d topic=a
  Unauthorized
   401
  $ grep -o "reason=\"[^\"]*HS256[^\"]*\"" hub.log
  reason="algorithm 'HS256' is not the expected 'RS256'"
  $ hub_stop

Separate keys for publishers and subscribers: a subscriber's token cannot
publish, nor a publisher's subscribe:

  $ hub_start --publisher-jwt-key='publisher-secret-of-32-bytes-long!' \
  >   --subscriber-jwt-key='subscriber-secret-of-32-bytes-long'
  $ p=$(jwt-mint --key 'publisher-secret-of-32-bytes-long!' --publish '*' --subscribe '*')
  $ s=$(jwt-mint --key 'subscriber-secret-of-32-bytes-long' --publish '*' --subscribe '*')
  $ pub "$p" -d topic=a -d id=by-publisher
  by-publisher 200
  $ pub "$s" -d topic=a
  Unauthorized
   401
  $ curl -sS -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $p" "$HUB?topic=a"
  401
  $ sub ok -H "Authorization: Bearer $s" "$HUB?topic=a"
  $ head -n 1 ok.head
  HTTP/1.1 200 OK\r (esc)
  $ sub_stop ok
  $ hub_stop
