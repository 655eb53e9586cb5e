jwt-mint: help, version, and usage errors (exit 2).

Only the first line of a usage error is shown after the first one:

  $ first() {
  >   local out rc
  >   out=$("$@" 2>&1)
  >   rc=$?
  >   printf '%s\n' "${out%%$'\n'*}"
  >   return $rc
  > }

--help lists every option and both commands, and says decode does not
verify:

  $ jwt-mint --help
  usage: jwt-mint [--key KEY] [--alg ALG] [--publish TOPIC]... [--subscribe TOPIC]... [options]
         jwt-mint decode [TOKEN|-]
         jwt-mint verify --key KEY [--alg ALG] [TOKEN|-]
  
  Mint a JSON Web Token and print it, or decode or verify one.
  decode does not check the signature; use verify for that.
  
  Commands:
    decode                      print a token's header and claims as JSON, WITHOUT verifying it
    verify                      check signature, algorithm, exp and nbf; print the claims
  
  Options:
    -k, --key KEY               the secret, or for RS*/ES* a PEM key file; @file and @- read it [$MERCURE_JWT_SECRET]
    -a, --alg ALG               HS256 (default), HS384, HS512, RS256/384/512 or ES256/384/512
    -p, --publish TOPIC         allow publishing to TOPIC (mercure.publish)
    -s, --subscribe TOPIC       allow subscribing to TOPIC (mercure.subscribe)
        --payload JSON          set mercure.payload; @file and @- read it
        --claims JSON           start from this claims object; @file and @- read it
    -c, --claim NAME=VALUE      set claim NAME to VALUE, as JSON when it parses, else a string
    -t, --ttl DURATION          set exp to now plus DURATION (90s, 30m, 12h, 7d)
        --sub SUBJECT           set the sub claim
        --aud AUDIENCE          set the aud claim (an array when repeated)
        --iss ISSUER            set the iss claim
        --iat[=TIME]            set the iat claim to TIME, or to now
        --nbf TIME              set the nbf claim
        --leeway SECONDS        verify: seconds of clock skew allowed on exp and nbf (default 5)
        --now TIME              take TIME (Unix seconds or ISO 8601) as the current time
    -h, --help                  show this help and exit
    -V, --version               show the version and exit
  
  See jwt-mint(1) for details and exit codes.
  $ jwt-mint -h | head -n 1
  usage: jwt-mint [--key KEY] [--alg ALG] [--publish TOPIC]... [--subscribe TOPIC]... [options]

--version names the libraries:

  $ jwt-mint --version
  jwt-mint 0.1.0
  libjwt 1\.10, jansson 2\.[0-9]+, OpenSSL [0-9].* (re)
  $ jwt-mint -V | head -n 1
  jwt-mint 0.1.0

The hidden --dump-options feeds the man page check and the completions:

  $ jwt-mint --dump-options | cut -f 1-3,6
  option\tkey\tk\t (esc)
  option\talg\ta\t (esc)
  option\tpublish\tp\tmulti (esc)
  option\tsubscribe\ts\tmulti (esc)
  option\tpayload\t\t (esc)
  option\tclaims\t\t (esc)
  option\tclaim\tc\tmulti (esc)
  option\tttl\tt\t (esc)
  option\tsub\t\t (esc)
  option\taud\t\tmulti (esc)
  option\tiss\t\t (esc)
  option\tiat\t\toptional (esc)
  option\tnbf\t\t (esc)
  option\tleeway\t\t (esc)
  option\tnow\t\t (esc)
  option\thelp\th\t (esc)
  option\tversion\tV\t (esc)
  command\tdecode\tprint a token's header and claims as JSON, WITHOUT verifying it (esc)
  command\tverify\tcheck signature, algorithm, exp and nbf; print the claims (esc)

A usage error prints the reason, the usage lines and a hint, and exits 2:

  $ jwt-mint --nope
  jwt-mint: unknown option '--nope'
  usage: jwt-mint [--key KEY] [--alg ALG] [--publish TOPIC]... [--subscribe TOPIC]... [options]
         jwt-mint decode [TOKEN|-]
         jwt-mint verify --key KEY [--alg ALG] [TOKEN|-]
  Try 'jwt-mint --help' for more information.
  [2]

An unknown option, long or short, also inside a cluster of letters:

  $ first jwt-mint --nope=1
  jwt-mint: unknown option '--nope'
  [2]
  $ first jwt-mint -z
  jwt-mint: unknown option '-z'
  [2]
  $ first jwt-mint -zk k
  jwt-mint: unknown option '-z'
  [2]

A flag given a value:

  $ first jwt-mint --help=yes
  jwt-mint: option '--help' takes no argument
  [2]
  $ first jwt-mint --version=1
  jwt-mint: option '--version' takes no argument
  [2]

A missing argument, long or short:

  $ first jwt-mint --key
  jwt-mint: option '--key' requires an argument
  [2]
  $ first jwt-mint --publish
  jwt-mint: option '--publish' requires an argument
  [2]
  $ first jwt-mint -k
  jwt-mint: option '-k' requires an argument
  [2]
  $ first jwt-mint --key k -p
  jwt-mint: option '-p' requires an argument
  [2]
  $ first jwt-mint --ttl
  jwt-mint: option '--ttl' requires an argument
  [2]

An operand that minting does not take:

  $ first jwt-mint --key k extra
  jwt-mint: unexpected argument 'extra'
  [2]
  $ first jwt-mint --key k -- --publish
  jwt-mint: unexpected argument '--publish'
  [2]

decode and verify take one token at most:

  $ first jwt-mint decode a.b.c d.e.f
  jwt-mint: unexpected argument 'd.e.f'
  [2]
  $ first jwt-mint verify --key k a.b.c d.e.f
  jwt-mint: unexpected argument 'd.e.f'
  [2]

Options that belong to another action are usage errors there:

  $ first jwt-mint decode --key k a.b.c
  jwt-mint: option '--key' does not apply to 'decode'
  [2]
  $ first jwt-mint decode --now 0 a.b.c
  jwt-mint: option '--now' does not apply to 'decode'
  [2]
  $ first jwt-mint verify --key k --publish '*' a.b.c
  jwt-mint: option '--publish' does not apply to 'verify'
  [2]
  $ first jwt-mint verify --key k --ttl 1h a.b.c
  jwt-mint: option '--ttl' does not apply to 'verify'
  [2]
  $ first jwt-mint verify --key k --claims '{}' a.b.c
  jwt-mint: option '--claims' does not apply to 'verify'
  [2]
  $ first jwt-mint --key k --leeway 5
  jwt-mint: option '--leeway' does not apply to 'encode'
  [2]

The key may come from the environment for decode's sake, though:

  $ MERCURE_JWT_SECRET=k first jwt-mint decode a.b.c
  jwt-mint: token header is not valid base64url
  [65]

Minting and verifying need a key; an empty MERCURE_JWT_SECRET is none:

  $ first jwt-mint --publish '*'
  jwt-mint: missing required option '--key'
  [2]
  $ first jwt-mint verify a.b.c
  jwt-mint: missing required option '--key'
  [2]
  $ MERCURE_JWT_SECRET= first jwt-mint --publish '*'
  jwt-mint: missing required option '--key'
  [2]

Bad values for --alg, --ttl, --now, --iat, --nbf, --claim and --leeway:

  $ first jwt-mint --key k --alg none
  jwt-mint: unknown algorithm 'none' (want HS256, HS384, HS512, RS256, RS384, RS512, ES256, ES384 or ES512)
  [2]
  $ first jwt-mint --key k --alg PS256
  jwt-mint: unknown algorithm 'PS256' (want HS256, HS384, HS512, RS256, RS384, RS512, ES256, ES384 or ES512)
  [2]
  $ first jwt-mint --key k --ttl 5y
  jwt-mint: invalid duration '5y' (want e.g. 90s, 30m, 12h, 7d)
  [2]
  $ first jwt-mint --key k --ttl -5m
  jwt-mint: invalid duration '-5m' (want e.g. 90s, 30m, 12h, 7d)
  [2]
  $ first jwt-mint --key k --ttl 1.5h
  jwt-mint: invalid duration '1.5h' (want e.g. 90s, 30m, 12h, 7d)
  [2]
  $ first jwt-mint --key k --ttl ' 5m'
  jwt-mint: invalid duration ' 5m' (want e.g. 90s, 30m, 12h, 7d)
  [2]
  $ first jwt-mint --key k --now yesterday
  jwt-mint: invalid time 'yesterday' (want Unix seconds or 2026-11-28T12:00:00Z)
  [2]
  $ first jwt-mint --key k --now 2026-02-30
  jwt-mint: invalid time '2026-02-30' (want Unix seconds or 2026-11-28T12:00:00Z)
  [2]
  $ first jwt-mint --key k --iat=soon
  jwt-mint: invalid time 'soon' (want Unix seconds or 2026-11-28T12:00:00Z)
  [2]
  $ first jwt-mint --key k --nbf 2026-1-5
  jwt-mint: invalid time '2026-1-5' (want Unix seconds or 2026-11-28T12:00:00Z)
  [2]
  $ first jwt-mint --key k --claim novalue
  jwt-mint: invalid claim 'novalue' (want NAME=VALUE)
  [2]
  $ first jwt-mint --key k --claim =value
  jwt-mint: invalid claim '=value' (want NAME=VALUE)
  [2]
  $ first jwt-mint verify --key k --leeway -1 a.b.c
  jwt-mint: invalid leeway '-1' (want seconds)
  [2]
  $ first jwt-mint verify --key k --leeway 5s a.b.c
  jwt-mint: invalid leeway '5s' (want seconds)
  [2]
  $ first jwt-mint verify --key k --leeway 99999999999999999999 a.b.c
  jwt-mint: invalid leeway '99999999999999999999' (want seconds)
  [2]

--iat takes its value only after '=', so a separate word is an operand:

  $ first jwt-mint --key k --iat 1700000000
  jwt-mint: unexpected argument '1700000000'
  [2]
