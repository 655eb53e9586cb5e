The EXAMPLES of jwt-mint(1), each run as printed there.

The files the examples read:

  $ printf '%s\n' '!ChangeThisMercureHubJWTSecretKey!' > hub.key
  $ printf '%s\n' 'a new secret of at least 32 bytes' > new.key
  $ printf '%s\n' '{"mercure":{"publish":["*"],"subscribe":["*"]}}' > claims.json

Mint the publisher token of a hub keyed with !ChangeMe!, allowed to
publish public updates only:

  $ jwt-mint --key '!ChangeMe!' --claims '{"mercure":{"publish":[]}}'
  eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJtZXJjdXJlIjp7InB1Ymxpc2giOltdfX0.Oo0yg7y4yMa1vr_bziltxuTCqb8JVHKxp-f_FwwOim0

Give a script a token that may publish to every topic for one hour, with
the secret read from a file:

  $ export MERCURE_JWT_TOKEN=$(jwt-mint --key @hub.key --publish '*' --ttl 1h)
  $ jwt-mint decode "$MERCURE_JWT_TOKEN"
  {"header":{"alg":"HS256","typ":"JWT"},"claims":{"exp":[0-9]+,"mercure":{"publish":\["\*"\]}}} (re)
  $ exp=$(jwt-mint decode "$MERCURE_JWT_TOKEN" | sed 's/.*"exp":\([0-9]*\).*/\1/')
  $ left=$((exp - $(date +%s)))
  $ [ "$left" -gt 3500 ] && [ "$left" -le 3600 ] && echo about an hour
  about an hour

A subscriber token for the books, with the secret from the environment:

  $ export MERCURE_JWT_SECRET='!ChangeThisMercureHubJWTSecretKey!'
  $ jwt-mint --subscribe 'https://example.com/books/{id}' --sub alice
  eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJtZXJjdXJlIjp7InN1YnNjcmliZSI6WyJodHRwczovL2V4YW1wbGUuY29tL2Jvb2tzL3tpZH0iXX0sInN1YiI6ImFsaWNlIn0.BT_fD7d7w8VVANrgpkHNL9cyDvgo0ZlFTbyyFnTNm9k
  $ unset MERCURE_JWT_SECRET

Look inside a token, without verifying it:

  $ jwt-mint decode eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJtZXJjdXJlIjp7InB1Ymxpc2giOltdfX0.Oo0yg7y4yMa1vr_bziltxuTCqb8JVHKxp-f_FwwOim0
  {"header":{"alg":"HS256","typ":"JWT"},"claims":{"mercure":{"publish":[]}}}

Verify a token read from standard input, and act on the result:

  $ if echo "$MERCURE_JWT_TOKEN" | jwt-mint verify --key @hub.key >/dev/null
  > then echo valid; else echo refused; fi
  valid

The same with another key or once the token has expired:

  $ if echo "$MERCURE_JWT_TOKEN" | jwt-mint verify --key @new.key >/dev/null
  > then echo valid; else echo refused; fi
  jwt-mint: invalid token: signature does not match
  refused
  $ if echo "$MERCURE_JWT_TOKEN" | jwt-mint verify --key @hub.key --now $((exp + 5)) >/dev/null
  > then echo valid; else echo refused; fi
  jwt-mint: invalid token: token expired at .* (re)
  refused

Re-sign a claims object kept in a file with a new secret:

  $ jwt-mint --key @new.key --claims @claims.json
  eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJtZXJjdXJlIjp7InB1Ymxpc2giOlsiKiJdLCJzdWJzY3JpYmUiOlsiKiJdfX0.LDBVQWrIrcg0X-OuhXGBXEjl0T8mEb6Wy923LIgvxOw

Sign with an RSA key made by openssl(1) and verify with its public half:

  $ openssl genpkey -algorithm RSA -quiet -out hub.pem
  $ openssl pkey -in hub.pem -pubout -out hub.pub
  $ jwt-mint --alg RS256 --key hub.pem --publish '*' |
  > jwt-mint verify --alg RS256 --key hub.pub
  {"mercure":{"publish":["*"]}}
