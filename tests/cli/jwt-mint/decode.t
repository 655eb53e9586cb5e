jwt-mint decode: print a token's header and claims WITHOUT verifying it.

  $ token=$(jwt-mint --key '!ChangeMe!' --claims '{"mercure":{"publish":[]}}')

From an operand, from '-', and from standard input without an operand:

  $ jwt-mint decode "$token"
  {"header":{"alg":"HS256","typ":"JWT"},"claims":{"mercure":{"publish":[]}}}
  $ echo "$token" | jwt-mint decode -
  {"header":{"alg":"HS256","typ":"JWT"},"claims":{"mercure":{"publish":[]}}}
  $ echo "$token" | jwt-mint decode
  {"header":{"alg":"HS256","typ":"JWT"},"claims":{"mercure":{"publish":[]}}}
  $ printf '%s\r\n' "$token" | jwt-mint decode
  {"header":{"alg":"HS256","typ":"JWT"},"claims":{"mercure":{"publish":[]}}}

The signature is not checked: a token signed with another key, a
changed signature, or no algorithm at all still decodes:

  $ jwt-mint decode "${token%.*}.AAAA"
  {"header":{"alg":"HS256","typ":"JWT"},"claims":{"mercure":{"publish":[]}}}
  $ jwt-mint decode eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.
  {"header":{"alg":"none"},"claims":{"sub":"admin"}}
  $ jwt-mint --key other --sub x --alg HS512 | jwt-mint decode
  {"header":{"alg":"HS512","typ":"JWT"},"claims":{"sub":"x"}}

A malformed token is a data error (exit 65), with the reason:

  $ jwt-mint decode 'eyJhbGciOiJIUzI1NiJ9!.e30.sig'
  jwt-mint: token header is not valid base64url
  [65]
  $ jwt-mint decode eyJhbGciOiJIUzI1NiJ9.e30=.sig
  jwt-mint: token claims is not valid base64url
  [65]
  $ jwt-mint decode eyJhbGciOiJIUzI1NiJ9.eyJhIjp9.sig
  jwt-mint: token claims: invalid JSON at line 1, column 6: unexpected token near '}'
  [65]
  $ jwt-mint decode eyJhbGciOiJIUzI1NiJ9.WzFd.sig
  jwt-mint: token claims must be a JSON object
  [65]
  $ jwt-mint decode bnVsbA.e30.sig
  jwt-mint: token header must be a JSON object
  [65]
  $ jwt-mint decode eyJhbGciOiJIUzI1NiJ9.e30
  jwt-mint: token must have 3 segments, not 2
  [65]
  $ jwt-mint decode "$token.e30"
  jwt-mint: token must have 3 segments, not 4
  [65]
  $ jwt-mint decode ''
  jwt-mint: token must have 3 segments, not 1
  [65]
  $ jwt-mint decode < /dev/null
  jwt-mint: token must have 3 segments, not 1
  [65]

Over 8 KiB is refused, whether as an operand or on standard input:

  $ big=$(printf 'x%.0s' $(seq 8193))
  $ jwt-mint decode "e30.$big.c2ln"
  jwt-mint: token is longer than 8192 bytes
  [65]
  $ echo "e30.$big.c2ln" | jwt-mint decode
  jwt-mint: token is longer than 8192 bytes
  [65]
