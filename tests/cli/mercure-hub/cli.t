mercure-hub: the command line: the original hub's flags and variables,
usage errors and exit codes.

  $ . "$TESTDIR/hub.sh"

The exact command line of the original deployments works:

  $ port=$(free_port)
  $ mercure-hub --jwt-key='!changeMe!' --addr="localhost:$port" --allow-anonymous --cors-allowed-origins='*' 2>hub.log &
  $ HUB_PID=$!
  $ hub_wait_port
  $ echo $(( PORT == port ))
  1
  $ sub s -H 'Origin: https://front.example' "http://localhost:$port/.well-known/mercure?topic=a"
  $ head_of s | grep -E '^(HTTP|Access-Control-Allow-Origin)'
  HTTP/1.1 200 OK
  Access-Control-Allow-Origin: https://front.example
  $ curl -sS -H "Authorization: Bearer $(jwt-mint --key '!changeMe!' --publish '*')" \
  >   -d topic=a -d id=legacy -w ' %{http_code}\n' "http://localhost:$port/.well-known/mercure"
  legacy 200
  $ wait_for s '^id: legacy$'
  $ sub_stop s
  $ grep -o 'mercure-hub: the key .*' hub.log
  mercure-hub: the key is shorter than HS256's hash: use a longer secret
  $ hub_stop

And the same configuration from the environment:

  $ JWT_KEY="$KEY" ADDR=127.0.0.1:0 ALLOW_ANONYMOUS=1 CORS_ALLOWED_ORIGINS=https://a.example \
  >   PUBLISH_ALLOWED_ORIGINS=https://a.example HEARTBEAT_INTERVAL=1s \
  >   TRANSPORT_URL='local://?size=1' mercure-hub 2>hub.log &
  $ HUB_PID=$!
  $ hub_wait_port
  $ sub e -H 'Origin: https://a.example' "$HUB?topic=a"
  $ head_of e | grep -E '^Access-Control-Allow-Origin'
  Access-Control-Allow-Origin: https://a.example
  $ curl -sS -b "mercureAuthorization=$PUB" -H 'Origin: https://a.example' -d topic=a -d id=env -w ' %{http_code}\n' "$HUB"
  env 200
  $ wait_for e '^id: env$'
  $ sleep 1.5; sub_stop e
  $ grep -c '^:$' e.out | awk '$1 >= 2 { print "heartbeats" }'
  heartbeats
  $ pub "$PUB" -d topic=a -d id=env2
  env2 200
  $ sub r "$HUB?topic=a&lastEventID=earliest"
  $ wait_for r '^id: env2$'
  $ sub_stop r
  $ grep '^id:' r.out
  id: env2
  $ hub_stop

A flag variable set to 0 or false is off, and other values are refused:

  $ ALLOW_ANONYMOUS=0 mercure-hub --jwt-key="$KEY" --addr=127.0.0.1:0 2>hub.log &
  $ HUB_PID=$!
  $ hub_wait_port
  $ curl -sS -o /dev/null -w '%{http_code}\n' "$HUB?topic=a"
  401
  $ hub_stop
  $ ALLOW_ANONYMOUS=maybe mercure-hub --jwt-key="$KEY" 2>&1 | head -n 1
  mercure-hub: invalid value 'maybe' for ALLOW_ANONYMOUS (want 1 or 0, true or false)

A flag beats its variable:

  $ JWT_KEY=wrong-key-wrong-key-wrong-key-wrong ADDR=127.0.0.1:1 \
  >   mercure-hub --jwt-key="$KEY" --addr=127.0.0.1:0 2>hub.log &
  $ HUB_PID=$!
  $ hub_wait_port
  $ pub "$PUB" -d topic=a -d id=flag
  flag 200
  $ hub_stop

Usage errors exit 2:

  $ mercure-hub --bogus
  mercure-hub: unknown option '--bogus'
  usage: mercure-hub [--jwt-key KEY] [--addr ADDR] [--allow-anonymous] [options]
  Try 'mercure-hub --help' for more information.
  [2]
  $ mercure-hub
  mercure-hub: no key: give --jwt-key (or --allow-anonymous for a hub nobody publishes to)
  usage: mercure-hub [--jwt-key KEY] [--addr ADDR] [--allow-anonymous] [options]
  Try 'mercure-hub --help' for more information.
  [2]
  $ mercure-hub --jwt-key="$KEY" extra 2>&1 | head -n 1
  mercure-hub: unexpected argument 'extra'
  $ mercure-hub --jwt-key="$KEY" --heartbeat-interval=often 2>&1 | head -n 1
  mercure-hub: invalid duration 'often' (want e.g. 90s, 30m, 12h, 7d)
  $ mercure-hub --jwt-key="$KEY" --protocol-version-compatibility=6 2>&1 | head -n 1
  mercure-hub: invalid protocol version '6' (want 7 or 8)
  $ mercure-hub --jwt-key="$KEY" --jwt-algorithm=HS1 2>&1 | head -n 1
  mercure-hub: unknown algorithm 'HS1' (want HS256, HS384, HS512, RS256, RS384, RS512, ES256, ES384 or ES512)
  $ for n in lots -1 0 1x 99999999999; do mercure-hub --jwt-key="$KEY" --max-connections=$n; echo "[$?]"; done 2>&1 | grep -v '^usage\|^Try'
  mercure-hub: invalid --max-connections 'lots' (want 1 to 19800)
  [2]
  mercure-hub: invalid --max-connections '-1' (want 1 to 19800)
  [2]
  mercure-hub: invalid --max-connections '0' (want 1 to 19800)
  [2]
  mercure-hub: invalid --max-connections '1x' (want 1 to 19800)
  [2]
  mercure-hub: invalid --max-connections '99999999999' (want 1 to 19800)
  [2]
  $ for a in nonsense 127.0.0.1: 127.0.0.1:65536 127.0.0.1:http 127.0.0.1:-1; do mercure-hub --jwt-key="$KEY" --addr=$a; echo "[$?]"; done 2>&1 | grep -v '^usage\|^Try'
  mercure-hub: invalid address 'nonsense' (want host:port or :port)
  [2]
  mercure-hub: invalid address '127.0.0.1:' (want host:port or :port)
  [2]
  mercure-hub: invalid port in '127.0.0.1:65536' (want 0 to 65535)
  [2]
  mercure-hub: invalid port in '127.0.0.1:http' (want 0 to 65535)
  [2]
  mercure-hub: invalid port in '127.0.0.1:-1' (want 0 to 65535)
  [2]

A key of the wrong kind for the algorithm exits 65, an unreadable key file
66:

  $ openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa.pem 2>/dev/null
  $ openssl pkey -in rsa.pem -pubout -out rsa.pub
  $ mercure-hub --jwt-key=@rsa.pub
  mercure-hub: --jwt-key: HS256 takes a shared secret, not a PEM key
  [65]
  $ mercure-hub --jwt-algorithm=ES256 --jwt-key=rsa.pub
  mercure-hub: --jwt-key: ES256 needs an EC key, but the key is RSA
  [65]
  $ printf '%s' "$KEY" > secret.txt
  $ mercure-hub --jwt-algorithm=RS256 --publisher-jwt-key=rsa.pub --subscriber-jwt-key=@secret.txt
  mercure-hub: --subscriber-jwt-key: RS256 needs a PEM public key, and this is not one
  [65]
  $ mercure-hub --jwt-key=@missing.pem
  mercure-hub: --jwt-key: cannot read 'missing.pem': No such file or directory
  [66]
  $ mercure-hub --jwt-algorithm=RS256 --jwt-key=missing.pem
  mercure-hub: --jwt-key: cannot read 'missing.pem': No such file or directory
  [66]

An address already in use exits 69:

  $ hub_start --jwt-key="$KEY"
  $ mercure-hub --jwt-key="$KEY" --addr=127.0.0.1:$PORT
  mercure-hub: cannot listen on '127.0.0.1:\d+': Address already in use (re)
  [69]
  $ hub_stop

--help and --version:

  $ mercure-hub --help | head -n 1
  usage: mercure-hub [--jwt-key KEY] [--addr ADDR] [--allow-anonymous] [options]
  $ mercure-hub --version | head -n 1
  mercure-hub 0.1.0
