--help prints the usage, every option and its environment variable on
stdout, and exits 0:

  $ mercure-sub --help
  usage: mercure-sub --hub URL --topic TOPIC... [options]
         mercure-sub --input FILE|- [options]
  
  Subscribe to a Mercure hub and print its events, one JSON object per line;
  reconnect with Last-Event-ID when the stream is lost.
  
  Options:
    -u, --hub URL               the hub's URL, as https://example.com/.well-known/mercure [$MERCURE_URL]
    -t, --topic TOPIC           subscribe to TOPIC: a topic, a URI template or '*'
    -m, --match TOPIC           subscribe with the 'match' parameter of newer hubs
    -l, --last-event-id ID      start after event ID; 'earliest' replays all the hub kept
    -j, --jwt TOKEN             send TOKEN as a bearer token; @file and @- read it [$MERCURE_JWT_TOKEN]
    -k, --jwt-key KEY           mint an HS256 token for the topics with KEY; @file reads it [$MERCURE_JWT_SECRET]
        --cookie COOKIE         send a Cookie; a bare token goes as mercureAuthorization
    -f, --format FORMAT         json (JSON Lines, the default), data or raw
    -J, --json-data             put data that parses as JSON in the object as JSON
    -n, --max-events N          exit after N events
    -w, --timeout DURATION      exit when no event came for DURATION (90s, 5m, 500ms)
        --until-id ID           exit after the event whose id is ID
    -i, --input FILE            parse a recorded stream from FILE ('-': stdin), no hub
        --no-reconnect          exit when the stream ends instead of reconnecting
        --reconnect-delay DURATION
                                wait before reconnecting, until the hub sends retry (3s)
        --retries N             allow N failed connections in a row (default: 0, none once connected)
        --max-event-size SIZE   refuse events over SIZE bytes (K, M suffixes; default 16M)
    -h, --help                  show this help and exit
    -V, --version               show the version and exit
  
  See mercure-sub(1) for details and exit codes.
  $ mercure-sub -h | head -n 2
  usage: mercure-sub --hub URL --topic TOPIC... [options]
         mercure-sub --input FILE|- [options]
  $ mercure-sub --version | head -n 1
  mercure-sub 0.1.0
