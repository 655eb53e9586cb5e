jwt-mint against independent implementations: Python's hmac, hashlib
and base64 for HS, the openssl command for RS and ES, both ways.

  $ key='!ChangeThisMercureHubJWTSecretKey!'
  $ b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
  $ unb64url() { tr -- '-_' '+/' | awk '{ while (length($0) % 4) $0 = $0 "="; print }' | openssl base64 -d -A; }

An HS verifier in Python, knowing nothing of jwt-mint:

  $ cat > hs_verify.py <<'PY'
  > import base64, hashlib, hmac, json, sys
  > key, token = sys.argv[1].encode(), sys.stdin.read().strip()
  > head, body, sig = token.split(".")
  > def unb64(s):
  >     return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))
  > alg = json.loads(unb64(head))["alg"]
  > digest = {"HS256": hashlib.sha256, "HS384": hashlib.sha384,
  >           "HS512": hashlib.sha512}[alg]
  > mac = hmac.new(key, (head + "." + body).encode(), digest).digest()
  > ok = hmac.compare_digest(mac, unb64(sig))
  > print(alg, "valid" if ok else "INVALID", unb64(body).decode())
  > PY

Tokens jwt-mint mints with the Mercure hub's default key verify there:

  $ jwt-mint --key "$key" --publish '*' --subscribe 'https://example.com/books/{id}' | python3 hs_verify.py "$key"
  HS256 valid {"mercure":{"publish":["*"],"subscribe":["https://example.com/books/{id}"]}}
  $ jwt-mint --key "$key" --alg HS384 --sub s --now 1700000000 --ttl 1h | python3 hs_verify.py "$key"
  HS384 valid {"exp":1700003600,"sub":"s"}
  $ jwt-mint --key "$key" --alg HS512 --payload '{"user":"u"}' | python3 hs_verify.py "$key"
  HS512 valid {"mercure":{"payload":{"user":"u"}}}

And a wrong key is caught, so the verifier is not a rubber stamp:

  $ jwt-mint --key "$key" --publish '*' | python3 hs_verify.py 'another key'
  HS256 INVALID {"mercure":{"publish":["*"]}}

The Mercure documentation's token (header without typ) verifies with
jwt-mint:

  $ jwt-mint verify --key "$key" eyJhbGciOiJIUzI1NiJ9.eyJtZXJjdXJlIjp7InB1Ymxpc2giOlsiKiJdLCJzdWJzY3JpYmUiOlsiaHR0cHM6Ly9leGFtcGxlLmNvbS9teS1wcml2YXRlLXRvcGljIiwie3NjaGVtZX06Ly97K2hvc3R9L2RlbW8vYm9va3Mve2lkfS5qc29ubGQiLCIvLndlbGwta25vd24vbWVyY3VyZS9zdWJzY3JpcHRpb25zey90b3BpY317L3N1YnNjcmliZXJ9Il0sInBheWxvYWQiOnsidXNlciI6Imh0dHBzOi8vZXhhbXBsZS5jb20vdXNlcnMvZHVuZ2xhcyIsInJlbW90ZUFkZHIiOiIxMjcuMC4wLjEifX19.KKPIikwUzRuB3DTpVw6ajzwSChwFw5omBMmMcWKiDcM
  {"mercure":{"publish":["*"],"subscribe":["https://example.com/my-private-topic","{scheme}://{+host}/demo/books/{id}.jsonld","/.well-known/mercure/subscriptions{/topic}{/subscriber}"],"payload":{"user":"https://example.com/users/dunglas","remoteAddr":"127.0.0.1"}}}

HS256 tokens signed by openssl verify with jwt-mint, with 'openssl dgst'
and with 'openssl mac':

  $ head=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)
  $ body=$(printf '{"mercure":{"publish":["*"]},"sub":"openssl"}' | b64url)
  $ sig=$(printf '%s.%s' "$head" "$body" | openssl dgst -sha256 -hmac "$key" -binary | b64url)
  $ jwt-mint verify --key "$key" "$head.$body.$sig"
  {"mercure":{"publish":["*"]},"sub":"openssl"}
  $ sig=$(printf '%s.%s' "$head" "$body" | openssl mac -digest SHA256 -macopt "key:$key" -binary HMAC | b64url)
  $ jwt-mint verify --key "$key" "$head.$body.$sig"
  {"mercure":{"publish":["*"]},"sub":"openssl"}

RS256: keys from openssl genpkey.

  $ openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa.pem 2>/dev/null
  $ openssl pkey -in rsa.pem -pubout -out rsa.pub

jwt-mint's RS tokens verify with 'openssl dgst -verify':

  $ for bits in 256 384 512; do
  >   token=$(jwt-mint --alg RS$bits --key rsa.pem --sub rs --publish '*')
  >   printf '%s' "${token%.*}" > signed.txt
  >   printf '%s' "${token##*.}" | unb64url > sig.bin
  >   openssl dgst -sha$bits -verify rsa.pub -signature sig.bin signed.txt
  > done
  Verified OK
  Verified OK
  Verified OK

A changed payload fails there:

  $ printf '%sx' "${token%.*}" > signed.txt
  $ openssl dgst -sha512 -verify rsa.pub -signature sig.bin signed.txt 2>/dev/null
  Verification failure
  [1]

RS256 tokens signed with 'openssl dgst -sign' verify with jwt-mint:

  $ head=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
  $ body=$(printf '{"sub":"signed by openssl"}' | b64url)
  $ sig=$(printf '%s.%s' "$head" "$body" | openssl dgst -sha256 -sign rsa.pem | b64url)
  $ jwt-mint verify --alg RS256 --key rsa.pub "$head.$body.$sig"
  {"sub":"signed by openssl"}

ES256: JWS signatures are R||S, 32 bytes each; openssl speaks DER. Two
small converters:

  $ cat > raw2der.py <<'PY'
  > import sys
  > raw = sys.stdin.buffer.read()
  > half = len(raw) // 2
  > def integer(b):
  >     b = b.lstrip(b"\0") or b"\0"
  >     if b[0] & 0x80:
  >         b = b"\0" + b
  >     return b"\x02" + bytes([len(b)]) + b
  > seq = integer(raw[:half]) + integer(raw[half:])
  > sys.stdout.buffer.write(b"\x30" + bytes([len(seq)]) + seq)
  > PY
  $ cat > der2raw.py <<'PY'
  > import sys
  > der, size = sys.stdin.buffer.read(), int(sys.argv[1])
  > assert der[0] == 0x30 and der[1] < 0x80
  > rlen = der[3]
  > r, rest = der[4:4 + rlen], der[4 + rlen:]
  > s = rest[2:2 + rest[1]]
  > out = r.lstrip(b"\0").rjust(size, b"\0") + s.lstrip(b"\0").rjust(size, b"\0")
  > sys.stdout.buffer.write(out)
  > PY
  $ openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out p256.pem 2>/dev/null
  $ openssl pkey -in p256.pem -pubout -out p256.pub

jwt-mint's ES256 tokens verify with 'openssl dgst -verify' (several, as
the length of R and S varies):

  $ for i in 1 2 3 4 5 6 7 8; do
  >   token=$(jwt-mint --alg ES256 --key p256.pem --sub "es$i")
  >   printf '%s' "${token%.*}" > signed.txt
  >   printf '%s' "${token##*.}" | unb64url | python3 raw2der.py > sig.der
  >   openssl dgst -sha256 -verify p256.pub -signature sig.der signed.txt
  > done | sort | uniq -c | sed 's/^ *//'
  8 Verified OK

ES256 tokens signed by openssl verify with jwt-mint:

  $ head=$(printf '{"alg":"ES256","typ":"JWT"}' | b64url)
  $ for i in 1 2 3 4 5 6 7 8; do
  >   body=$(printf '{"sub":"openssl %s"}' "$i" | b64url)
  >   sig=$(printf '%s.%s' "$head" "$body" | openssl dgst -sha256 -sign p256.pem | python3 der2raw.py 32 | b64url)
  >   jwt-mint verify --alg ES256 --key p256.pub "$head.$body.$sig"
  > done
  {"sub":"openssl 1"}
  {"sub":"openssl 2"}
  {"sub":"openssl 3"}
  {"sub":"openssl 4"}
  {"sub":"openssl 5"}
  {"sub":"openssl 6"}
  {"sub":"openssl 7"}
  {"sub":"openssl 8"}
