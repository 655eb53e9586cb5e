jwt-mint verify: signature, algorithm, exp and nbf; the claims on
success (exit 0), one line with the reason on failure (exit 77).

  $ key='!ChangeThisMercureHubJWTSecretKey!'
  $ token=$(jwt-mint --key "$key" --publish '*' --sub alice)

Helpers to forge tokens as an attacker would, with openssl:

  $ b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
  $ hexof() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }
  $ forge() { # header claims key [digest]
  >   local h c
  >   h=$(printf '%s' "$1" | b64url)
  >   c=$(printf '%s' "$2" | b64url)
  >   printf '%s.%s.%s\n' "$h" "$c" "$(printf '%s.%s' "$h" "$c" |
  >     openssl dgst -"${4:-sha256}" -mac HMAC -macopt "hexkey:$(hexof "$3")" -binary | b64url)"
  > }

A good token, from an operand, '-', or standard input:

  $ jwt-mint verify --key "$key" "$token"
  {"mercure":{"publish":["*"]},"sub":"alice"}
  $ echo "$token" | jwt-mint verify --key "$key" -
  {"mercure":{"publish":["*"]},"sub":"alice"}
  $ echo "$token" | jwt-mint verify -k "$key"
  {"mercure":{"publish":["*"]},"sub":"alice"}
  $ echo "$token" | MERCURE_JWT_SECRET=$key jwt-mint verify
  {"mercure":{"publish":["*"]},"sub":"alice"}
  $ printf '%s\n' "$key" > secret
  $ jwt-mint verify --key @secret "$token"
  {"mercure":{"publish":["*"]},"sub":"alice"}

The helper's tokens verify, so the refusals below are for their content:

  $ forge '{"alg":"HS256","typ":"JWT"}' '{"sub":"forged"}' "$key" | jwt-mint verify --key "$key"
  {"sub":"forged"}

Another key:

  $ jwt-mint verify --key wrong "$token"
  jwt-mint: invalid token: signature does not match
  [77]

A changed claim or signature:

  $ admin=$(printf '{"sub":"admin"}' | b64url)
  $ jwt-mint verify --key "$key" "${token%%.*}.$admin.${token##*.}"
  jwt-mint: invalid token: signature does not match
  [77]
  $ other=$(jwt-mint --key other --publish '*' --sub alice)
  $ jwt-mint verify --key "$key" "${token%.*}.${other##*.}"
  jwt-mint: invalid token: signature does not match
  [77]
  $ jwt-mint verify --key "$key" "${token%.*}."
  jwt-mint: invalid token: token has no signature
  [77]

The algorithm is pinned to --alg (HS256 by default), also against the
right secret:

  $ jwt-mint --key "$key" --alg HS512 | jwt-mint verify --key "$key"
  jwt-mint: invalid token: algorithm 'HS512' is not the expected 'HS256'
  [77]
  $ jwt-mint --key "$key" | jwt-mint verify --key "$key" --alg HS384
  jwt-mint: invalid token: algorithm 'HS256' is not the expected 'HS384'
  [77]
  $ forge '{"alg":"hs256"}' '{}' "$key" | jwt-mint verify --key "$key"
  jwt-mint: invalid token: algorithm 'hs256' is not the expected 'HS256'
  [77]
  $ jwt-mint --key "$key" --alg HS512 | jwt-mint verify --key "$key" --alg hs512
  {}

alg "none" is refused, with or without a signature:

  $ jwt-mint verify --key "$key" eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.
  jwt-mint: invalid token: algorithm 'none' is refused
  [77]
  $ forge '{"alg":"none"}' '{"sub":"admin"}' "$key" | jwt-mint verify --key "$key"
  jwt-mint: invalid token: algorithm 'none' is refused
  [77]
  $ forge '{"alg":"NONE","typ":"JWT"}' '{"sub":"admin"}' "$key" | jwt-mint verify --key "$key"
  jwt-mint: invalid token: algorithm 'none' is refused
  [77]

Algorithm confusion: an HS256 token HMAC'd with the RSA public key's PEM
text, against an RS256 verifier holding that public key:

  $ openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa.pem 2>/dev/null
  $ openssl pkey -in rsa.pem -pubout -out rsa.pub
  $ forge '{"alg":"HS256","typ":"JWT"}' '{"mercure":{"publish":["*"]}}' "$(cat rsa.pub)
  > " | jwt-mint verify --alg RS256 --key rsa.pub
  jwt-mint: invalid token: algorithm 'HS256' is not the expected 'RS256'
  [77]

No algorithm, another token type:

  $ forge '{"typ":"JWT"}' '{}' "$key" | jwt-mint verify --key "$key"
  jwt-mint: invalid token: token header has no algorithm
  [77]
  $ forge '{"alg":["HS256"]}' '{}' "$key" | jwt-mint verify --key "$key"
  jwt-mint: invalid token: token header has no algorithm
  [77]
  $ forge '{"alg":"HS256","typ":"JOSE"}' '{}' "$key" | jwt-mint verify --key "$key"
  jwt-mint: invalid token: token type 'JOSE' is not supported
  [77]

An RFC 9068 access token (Mercure 1.0) verifies, and must say when it
expires:

  $ forge '{"alg":"HS256","typ":"at+jwt"}' '{"exp":4102444800}' "$key" | jwt-mint verify --key "$key"
  {"exp":4102444800}
  $ forge '{"alg":"HS256","typ":"at+jwt"}' '{}' "$key" | jwt-mint verify --key "$key"
  jwt-mint: invalid token: an at+jwt token must have 'exp'
  [77]

exp: the token is valid before exp, plus a leeway of 5 seconds by
default (--leeway), and --now sets the clock:

  $ exp=$(jwt-mint --key "$key" --now 1700000000 --ttl 1h)
  $ jwt-mint verify --key "$key" --now 1700003599 --leeway 0 "$exp"
  {"exp":1700003600}
  $ jwt-mint verify --key "$key" --now 1700003600 --leeway 0 "$exp"
  jwt-mint: invalid token: token expired at 2023-11-14T23:13:20Z
  [77]
  $ jwt-mint verify --key "$key" --now 1700003604 "$exp"
  {"exp":1700003600}
  $ jwt-mint verify --key "$key" --now 1700003605 "$exp"
  jwt-mint: invalid token: token expired at 2023-11-14T23:13:20Z
  [77]
  $ jwt-mint verify --key "$key" --now 1700003659 --leeway 60 "$exp"
  {"exp":1700003600}
  $ jwt-mint verify --key "$key" --now 2023-11-14T23:13:20Z --leeway 0 "$exp"
  jwt-mint: invalid token: token expired at 2023-11-14T23:13:20Z
  [77]
  $ jwt-mint verify --key "$key" "$exp"
  jwt-mint: invalid token: token expired at 2023-11-14T23:13:20Z
  [77]

nbf: the token is valid from nbf, less the leeway:

  $ nbf=$(jwt-mint --key "$key" --nbf 1700000000)
  $ jwt-mint verify --key "$key" --now 1700000000 --leeway 0 "$nbf"
  {"nbf":1700000000}
  $ jwt-mint verify --key "$key" --now 1699999999 --leeway 0 "$nbf"
  jwt-mint: invalid token: token is not valid before 2023-11-14T22:13:20Z
  [77]
  $ jwt-mint verify --key "$key" --now 1699999995 "$nbf"
  {"nbf":1700000000}
  $ jwt-mint verify --key "$key" --now 1699999994 "$nbf"
  jwt-mint: invalid token: token is not valid before 2023-11-14T22:13:20Z
  [77]

exp and nbf must be numbers; far-off dates are reported as numbers:

  $ jwt-mint --key "$key" --claim exp='"tomorrow"' | jwt-mint verify --key "$key"
  jwt-mint: invalid token: claim 'exp' is not a number
  [77]
  $ jwt-mint --key "$key" --claim nbf=null | jwt-mint verify --key "$key"
  jwt-mint: invalid token: claim 'nbf' is not a number
  [77]
  $ jwt-mint --key "$key" --claim exp=-1e300 | jwt-mint verify --key "$key"
  jwt-mint: invalid token: token expired at -1e+300
  [77]

Malformed tokens are invalid too (exit 77, where decode says 65):

  $ jwt-mint verify --key "$key" 'eyJhbGciOiJIUzI1NiJ9!.e30.c2ln'
  jwt-mint: invalid token: token header is not valid base64url
  [77]
  $ jwt-mint verify --key "$key" "${token%.*}.c2l/"
  jwt-mint: invalid token: token signature is not valid base64url
  [77]
  $ jwt-mint verify --key "$key" eyJhbGciOiJIUzI1NiJ9.eyJhIjp9.c2ln
  jwt-mint: invalid token: token claims: invalid JSON at line 1, column 6: unexpected token near '}'
  [77]
  $ jwt-mint verify --key "$key" eyJhbGciOiJIUzI1NiJ9.WzFd.c2ln
  jwt-mint: invalid token: token claims must be a JSON object
  [77]
  $ jwt-mint verify --key "$key" eyJhbGciOiJIUzI1NiJ9.e30
  jwt-mint: invalid token: token must have 3 segments, not 2
  [77]
  $ jwt-mint verify --key "$key" "$token.e30"
  jwt-mint: invalid token: token must have 3 segments, not 4
  [77]
  $ jwt-mint verify --key "$key" < /dev/null
  jwt-mint: invalid token: token must have 3 segments, not 1
  [77]

A NUL and anything after a valid token is refused:

  $ printf '%s\0garbage' "$token" | jwt-mint verify --key "$key"
  jwt-mint: invalid token: token signature is not valid base64url
  [77]

Over 8 KiB is refused before any decoding, however the token comes:

  $ big=$(jwt-mint --key "$key")$(printf 'x%.0s' $(seq 8200))
  $ jwt-mint verify --key "$key" "$big"
  jwt-mint: invalid token: token is longer than 8192 bytes
  [77]
  $ echo "$big" | jwt-mint verify --key "$key"
  jwt-mint: invalid token: token is longer than 8192 bytes
  [77]
