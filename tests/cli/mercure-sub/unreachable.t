A hub nobody answers at: one line on stderr, exit 69.

  $ . "$TESTDIR/../helpers.sh"
  $ port=$(free_port)
  $ mercure-sub --hub "http://127.0.0.1:$port/.well-known/mercure" --topic '*'
  mercure-sub: cannot reach 'http://127.0.0.1:*/.well-known/mercure': *Couldn't connect to server (glob)
  [69]

--retries allows more attempts first (each one announced):

  $ mercure-sub --hub "http://127.0.0.1:$port/.well-known/mercure" --topic '*' --retries 2 --reconnect-delay 10ms
  mercure-sub: cannot reach 'http://127.0.0.1:*/.well-known/mercure': *Couldn't connect to server; reconnecting (glob)
  mercure-sub: cannot reach 'http://127.0.0.1:*/.well-known/mercure': *Couldn't connect to server; reconnecting (glob)
  mercure-sub: cannot reach 'http://127.0.0.1:*/.well-known/mercure': *Couldn't connect to server (glob)
  [69]

--no-reconnect gives up at once too:

  $ mercure-sub --hub "http://127.0.0.1:$port/.well-known/mercure" --topic '*' --retries 5 --no-reconnect
  mercure-sub: cannot reach 'http://127.0.0.1:*/.well-known/mercure': *Couldn't connect to server (glob)
  [69]
