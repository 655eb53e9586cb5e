A hub nobody answers at: one line on stderr, exit 69; MERCURE_URL is the
fallback when MERCURE_PUBLISH_URL is not set:

  $ . "$TESTDIR/../helpers.sh"
  $ unset MERCURE_PUBLISH_URL
  $ port=$(free_port)
  $ MERCURE_URL="http://127.0.0.1:$port/.well-known/mercure" mercure-pub --topic a --data x
  mercure-pub: cannot reach 'http://127.0.0.1:*/.well-known/mercure': *Couldn't connect to server (glob)
  [69]

With --retries the attempts are repeated (with backoff) before giving up:

  $ time_start=$(date +%s%N)
  $ mercure-pub --hub "http://127.0.0.1:$port/.well-known/mercure" -t a -d x --retries 2
  mercure-pub: cannot reach 'http://127.0.0.1:*/.well-known/mercure': *Couldn't connect to server (glob)
  [69]
  $ [ $(( ($(date +%s%N) - time_start) / 1000000 )) -ge 250 ] && echo waited
  waited
