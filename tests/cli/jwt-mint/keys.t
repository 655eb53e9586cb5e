jwt-mint: RS and ES keys, and keys of the wrong kind (exit 65).

Keys made with openssl genpkey, and their public halves:

  $ openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa.pem 2>/dev/null
  $ openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out p256.pem 2>/dev/null
  $ openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out p384.pem 2>/dev/null
  $ openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-521 -out p521.pem 2>/dev/null
  $ openssl genpkey -algorithm ED25519 -out ed25519.pem 2>/dev/null
  $ for k in rsa p256 p384 p521; do openssl pkey -in $k.pem -pubout -out $k.pub; done

For RS and ES, --key names a PEM file; each algorithm mints a token its
public key verifies:

  $ for alg in RS256 RS384 RS512; do
  >   jwt-mint --alg $alg --key rsa.pem --sub $alg --now 1700000000 |
  >     jwt-mint verify --alg $alg --key rsa.pub --now 1700000000
  > done
  {"sub":"RS256"}
  {"sub":"RS384"}
  {"sub":"RS512"}
  $ jwt-mint --alg ES256 --key p256.pem --sub ES256 | jwt-mint verify --alg ES256 --key p256.pub
  {"sub":"ES256"}
  $ jwt-mint --alg ES384 --key p384.pem --sub ES384 | jwt-mint verify --alg ES384 --key p384.pub
  {"sub":"ES384"}
  $ jwt-mint --alg ES512 --key p521.pem --sub ES512 | jwt-mint verify --alg ES512 --key p521.pub
  {"sub":"ES512"}

The private key verifies too, and @file, @- and PEM text work as keys:

  $ jwt-mint --alg ES256 --key @p256.pem --sub at | jwt-mint verify --alg ES256 --key p256.pem
  {"sub":"at"}
  $ jwt-mint --alg RS256 --key @- --sub stdin < rsa.pem | jwt-mint verify --alg RS256 --key "$(cat rsa.pub)"
  {"sub":"stdin"}
  $ MERCURE_JWT_SECRET=$(cat p256.pem) jwt-mint --alg ES256 --sub env | jwt-mint decode
  {"header":{"alg":"ES256","typ":"JWT"},"claims":{"sub":"env"}}

A PEM key for an HMAC algorithm is refused, whichever way it comes:

  $ jwt-mint --key @rsa.pem
  jwt-mint: HS256 takes a shared secret, not a PEM key
  [65]
  $ jwt-mint --alg HS512 --key "$(cat p256.pub)"
  jwt-mint: HS512 takes a shared secret, not a PEM key
  [65]
  $ jwt-mint verify --key @rsa.pub a.b.c
  jwt-mint: HS256 takes a shared secret, not a PEM key
  [65]

An EC key for RS, an RSA key for ES, and other kinds of key are refused:

  $ jwt-mint --alg RS256 --key p256.pem
  jwt-mint: RS256 needs an RSA key, but the key is EC
  [65]
  $ jwt-mint verify --alg RS512 --key p256.pub a.b.c
  jwt-mint: RS512 needs an RSA key, but the key is EC
  [65]
  $ jwt-mint --alg ES256 --key rsa.pem
  jwt-mint: ES256 needs an EC key, but the key is RSA
  [65]
  $ jwt-mint --alg RS256 --key ed25519.pem
  jwt-mint: RS256 needs an RSA key, but the key is Ed25519
  [65]

An EC key on another curve is refused:

  $ jwt-mint --alg ES256 --key p384.pem
  jwt-mint: ES256 needs a key on curve P-256, but the key is on 'secp384r1'
  [65]
  $ jwt-mint verify --alg ES384 --key p256.pub a.b.c
  jwt-mint: ES384 needs a key on curve P-384, but the key is on 'prime256v1'
  [65]
  $ jwt-mint --alg ES512 --key p256.pem
  jwt-mint: ES512 needs a key on curve P-521, but the key is on 'prime256v1'
  [65]

Signing needs the private key; text that is not PEM is no key:

  $ jwt-mint --alg RS256 --key rsa.pub
  jwt-mint: RS256 needs a PEM private key, and this is not one
  [65]
  $ echo 'not a key' > junk.pem
  $ jwt-mint --alg ES256 --key junk.pem
  jwt-mint: ES256 needs a PEM private key, and this is not one
  [65]
  $ jwt-mint verify --alg RS256 --key junk.pem a.b.c
  jwt-mint: RS256 needs a PEM public key, and this is not one
  [65]

An encrypted key is refused rather than prompting for a passphrase:

  $ openssl pkey -in p256.pem -aes256 -passout pass:secret -out locked.pem
  $ jwt-mint --alg ES256 --key locked.pem < /dev/null
  jwt-mint: ES256 needs a PEM private key, and this is not one
  [65]

A key file that cannot be read is "no input" (exit 66), naming it:

  $ jwt-mint --alg RS256 --key missing.pem
  jwt-mint: cannot read 'missing.pem': No such file or directory
  [66]
  $ jwt-mint verify --alg ES256 --key @missing.pub a.b.c
  jwt-mint: cannot read 'missing.pub': No such file or directory
  [66]
  $ jwt-mint --alg RS256 --key .
  jwt-mint: cannot read '.': Is a directory
  [66]
