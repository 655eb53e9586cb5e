jwt-mint: minting tokens (the default action), every option.

  $ claims() { jwt-mint decode | sed 's/.*"claims"://; s/}$//'; }

The original stack's publisher token, byte for byte:

  $ jwt-mint --key '!ChangeMe!' --claims '{"mercure":{"publish":[]}}'
  eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJtZXJjdXJlIjp7InB1Ymxpc2giOltdfX0.Oo0yg7y4yMa1vr_bziltxuTCqb8JVHKxp-f_FwwOim0

The header names the algorithm and typ JWT; no claim is added that was
not asked for:

  $ jwt-mint --key k | jwt-mint decode
  {"header":{"alg":"HS256","typ":"JWT"},"claims":{}}
  $ jwt-mint --key k --alg HS384 | jwt-mint decode
  {"header":{"alg":"HS384","typ":"JWT"},"claims":{}}
  $ jwt-mint -k k -a hs512 | jwt-mint decode
  {"header":{"alg":"HS512","typ":"JWT"},"claims":{}}

The key: -k, --key, @file (one trailing newline trimmed), @- and
MERCURE_JWT_SECRET all give the same token:

  $ jwt-mint -k '!ChangeMe!' --publish '*'
  eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJtZXJjdXJlIjp7InB1Ymxpc2giOlsiKiJdfX0.obDjwCgqtPuIvwBlTxUEmibbBf0zypKCNzNKP7Op2UM
  $ printf '!ChangeMe!\n' > secret
  $ jwt-mint --key @secret --publish '*'
  eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJtZXJjdXJlIjp7InB1Ymxpc2giOlsiKiJdfX0.obDjwCgqtPuIvwBlTxUEmibbBf0zypKCNzNKP7Op2UM
  $ printf '!ChangeMe!\r\n' | jwt-mint --key @- --publish '*'
  eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJtZXJjdXJlIjp7InB1Ymxpc2giOlsiKiJdfX0.obDjwCgqtPuIvwBlTxUEmibbBf0zypKCNzNKP7Op2UM
  $ MERCURE_JWT_SECRET='!ChangeMe!' jwt-mint --publish '*'
  eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJtZXJjdXJlIjp7InB1Ymxpc2giOlsiKiJdfX0.obDjwCgqtPuIvwBlTxUEmibbBf0zypKCNzNKP7Op2UM
  $ MERCURE_JWT_SECRET=other jwt-mint --key '!ChangeMe!' --publish '*'
  eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJtZXJjdXJlIjp7InB1Ymxpc2giOlsiKiJdfX0.obDjwCgqtPuIvwBlTxUEmibbBf0zypKCNzNKP7Op2UM

A key given literally is not trimmed, so a trailing newline counts:

  $ jwt-mint --key '!ChangeMe!
  > ' --publish '*'
  eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJtZXJjdXJlIjp7InB1Ymxpc2giOlsiKiJdfX0.37ENsfJ2L4HUTRQbe6xWw-UVLAXIn0Rf3Tr85lwr9ik

Grants: --publish/-p and --subscribe/-s, each repeatable:

  $ jwt-mint -k k --publish '*' | claims
  {"mercure":{"publish":["*"]}}
  $ jwt-mint -k k -p /books/1 --publish /books/2 -s '/books/{id}' --subscribe /authors/1 | claims
  {"mercure":{"publish":["/books/1","/books/2"],"subscribe":["/books/{id}","/authors/1"]}}
  $ jwt-mint -k k --subscribe /a | claims
  {"mercure":{"subscribe":["/a"]}}

--payload sets mercure.payload, from JSON, @file or @-:

  $ jwt-mint -k k --payload '{"user":"https://example.com/users/1"}' | claims
  {"mercure":{"payload":{"user":"https://example.com/users/1"}}}
  $ echo '["any", "json", 1]' > payload.json
  $ jwt-mint -k k -s /a --payload @payload.json | claims
  {"mercure":{"payload":["any","json",1],"subscribe":["/a"]}}
  $ echo '"from stdin"' | jwt-mint -k k --payload @- | claims
  {"mercure":{"payload":"from stdin"}}

--claims is the whole claims object, from JSON, @file or @-; grants and
named claims are merged into it:

  $ jwt-mint -k k --claims '{"b":1,"a":{"z":true,"y":null}}' | claims
  {"a":{"y":null,"z":true},"b":1}
  $ printf '{"mercure":{"subscribe":["/s"]},"sub":"file"}\n' > claims.json
  $ jwt-mint -k k --claims @claims.json --publish /p | claims
  {"mercure":{"publish":["/p"],"subscribe":["/s"]},"sub":"file"}
  $ echo '{"x":[1,2]}' | jwt-mint -k k --claims @- --sub me | claims
  {"sub":"me","x":[1,2]}

--claim NAME=VALUE takes VALUE as JSON when it parses, else as a string,
and wins over --claims:

  $ jwt-mint -k k -c n=42 -c s=text -c 'o={"a":[1]}' -c t=true -c z=null -c e= -c 'eq=a=b' | claims
  {"e":"","eq":"a=b","n":42,"o":{"a":[1]},"s":"text","t":true,"z":null}
  $ jwt-mint -k k --claims '{"n":1}' --claim n=2 | claims
  {"n":2}

--sub, --iss and --aud; --aud once is a string, repeated an array:

  $ jwt-mint -k k --sub alice --iss https://example.com --aud hub | claims
  {"aud":"hub","iss":"https://example.com","sub":"alice"}
  $ jwt-mint -k k --aud hub --aud https://example.com/.well-known/mercure | claims
  {"aud":["hub","https://example.com/.well-known/mercure"]}

--ttl sets exp to now plus the duration, in any unit; --now pins now:

  $ jwt-mint -k k --now 1700000000 --ttl 90s | claims
  {"exp":1700000090}
  $ jwt-mint -k k --now 1700000000 --ttl 30m | claims
  {"exp":1700001800}
  $ jwt-mint -k k --now 1700000000 --ttl 12h | claims
  {"exp":1700043200}
  $ jwt-mint -k k --now 1700000000 -t 7d | claims
  {"exp":1700604800}
  $ jwt-mint -k k --now 1700000000 --ttl 1w | claims
  {"exp":1700604800}
  $ jwt-mint -k k --now 1700000000 --ttl 1h30m | claims
  {"exp":1700005400}
  $ jwt-mint -k k --now 1700000000 --ttl 60 | claims
  {"exp":1700000060}
  $ jwt-mint -k k --now 1700000000 --ttl 1500ms | claims
  {"exp":1700000001}
  $ jwt-mint -k k --now 2026-11-28T12:00:00Z --ttl 1h | claims
  {"exp":1795870800}
  $ jwt-mint -k k --now '2026-11-28 12:00:00' --ttl 1h | claims
  {"exp":1795870800}
  $ jwt-mint -k k --now 2026-11-28 --ttl 1d | claims
  {"exp":1795910400}

--iat alone is now; --iat=TIME is TIME (Unix seconds or ISO 8601):

  $ jwt-mint -k k --now 1700000000 --iat | claims
  {"iat":1700000000}
  $ jwt-mint -k k --iat=1700000000 | claims
  {"iat":1700000000}
  $ jwt-mint -k k --iat=2026-11-28T12:00:00Z | claims
  {"iat":1795867200}

Without --now, --iat is the clock's time:

  $ before=$(date +%s)
  $ iat=$(jwt-mint -k k --iat | claims | sed 's/.*"iat":\([0-9]*\).*/\1/')
  $ after=$(date +%s)
  $ [ "$before" -le "$iat" ] && [ "$iat" -le "$after" ] && echo now
  now

--nbf TIME:

  $ jwt-mint -k k --nbf 1700000000 | claims
  {"nbf":1700000000}
  $ jwt-mint -k k --nbf 2026-11-28 | claims
  {"nbf":1795824000}

Everything at once:

  $ jwt-mint --key '!ChangeThisMercureHubJWTSecretKey!' --alg HS512 \
  >   --publish '*' --subscribe '/books/{id}' --payload '{"u":1}' \
  >   --claim jti=42 --sub s --aud a --iss i --now 1700000000 --iat \
  >   --nbf 1700000000 --ttl 1h
  eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJhIiwiZXhwIjoxNzAwMDAzNjAwLCJpYXQiOjE3MDAwMDAwMDAsImlzcyI6ImkiLCJqdGkiOjQyLCJtZXJjdXJlIjp7InBheWxvYWQiOnsidSI6MX0sInB1Ymxpc2giOlsiKiJdLCJzdWJzY3JpYmUiOlsiL2Jvb2tzL3tpZH0iXX0sIm5iZiI6MTcwMDAwMDAwMCwic3ViIjoicyJ9.Z5QPONdE2Ehe8HbGkeMRyHLnSw8JjL6nZY2cpaXFbfsHcX3aj_hHTUP5zwY2_vMZw8LLEaLIDV6cUPVY9fCl_A
  $ jwt-mint --key '!ChangeThisMercureHubJWTSecretKey!' --alg HS512 \
  >   --publish '*' --subscribe '/books/{id}' --payload '{"u":1}' \
  >   --claim jti=42 --sub s --aud a --iss i --now 1700000000 --iat \
  >   --nbf 1700000000 --ttl 1h | jwt-mint decode
  {"header":{"alg":"HS512","typ":"JWT"},"claims":{"aud":"a","exp":1700003600,"iat":1700000000,"iss":"i","jti":42,"mercure":{"payload":{"u":1},"publish":["*"],"subscribe":["/books/{id}"]},"nbf":1700000000,"sub":"s"}}

Invalid JSON in --claims or --payload is a data error with the position
(exit 65):

  $ jwt-mint -k k --claims '{"mercure":'
  jwt-mint: --claims: invalid JSON at line 1, column 11: unexpected token near end of file
  [65]
  $ jwt-mint -k k --claims '{"a":1}
  > {"b":2}'
  jwt-mint: --claims: invalid JSON at line 2, column 1: end of file expected near '{'
  [65]
  $ jwt-mint -k k --payload '{"user" "x"}'
  jwt-mint: --payload: invalid JSON at line 1, column 11: ':' expected near '"x"'
  [65]
  $ printf '{\n  "a": tru\n}\n' > bad.json
  $ jwt-mint -k k --claims @bad.json
  jwt-mint: --claims: invalid JSON at line 2, column 10: invalid token near 'tru'
  [65]
  $ jwt-mint -k k --claims '[1,2]'
  jwt-mint: --claims is not a JSON object
  [65]
  $ jwt-mint -k k --claims '{"mercure":"x"}' --publish '*'
  jwt-mint: claim 'mercure' is not an object
  [65]
  $ jwt-mint -k k --claims ''
  jwt-mint: --claims: invalid JSON at line 1, column 0: unexpected token near end of file
  [65]

An unreadable file is "no input" naming the file and the error (exit 66):

  $ jwt-mint -k k --claims @missing.json
  jwt-mint: cannot read 'missing.json': No such file or directory
  [66]
  $ jwt-mint -k k --payload @.
  jwt-mint: cannot read '.': Is a directory
  [66]
  $ jwt-mint --key @missing.key
  jwt-mint: cannot read 'missing.key': No such file or directory
  [66]
  $ jwt-mint --key @.
  jwt-mint: cannot read '.': Is a directory
  [66]

An empty key is a data error:

  $ jwt-mint --key ''
  jwt-mint: the key is empty
  [65]
  $ : > empty.key
  $ jwt-mint --key @empty.key
  jwt-mint: the key is empty
  [65]
  $ printf '\n' | jwt-mint --key @-
  jwt-mint: the key is empty
  [65]

A token that cannot be written is a runtime error (exit 1):

  $ jwt-mint --key k > /dev/full
  jwt-mint: cannot write the output: No space left on device
  [1]

A token longer than any verifier accepts (8 KiB) is refused, not minted:

  $ jwt-mint --key k --claim "x=$(head -c 9000 /dev/zero | tr '\0' x)"
  jwt-mint: the token would be 12092 bytes, more than the 8192 a hub accepts
  [65]
