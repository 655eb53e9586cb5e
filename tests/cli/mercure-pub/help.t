--help prints the usage and every option on stdout, and exits 0:

  $ mercure-pub --help
  usage: mercure-pub --hub URL --topic TOPIC... [--data DATA|@FILE|-] [options]
         mercure-pub --hub URL --topic TOPIC... --lines [--data @FILE|-] [options]
  
  Publish an update to a Mercure hub and print its id; with --lines, one update
  per input line over one connection.
  
  Options:
    -u, --hub URL               the hub's URL; else $MERCURE_URL [$MERCURE_PUBLISH_URL]
    -t, --topic TOPIC           the update's topic; the first is canonical, more are alternates
    -d, --data DATA             the update's data; @file reads a file, - or @- standard input
    -p, --private               send the update only to subscribers allowed its topics
        --id ID                 the update's id (default: the hub's choice)
        --type TYPE             the update's SSE event type
        --retry MS              the reconnection time subscribers should use, in milliseconds
    -j, --jwt TOKEN             send TOKEN as a bearer token; @file and @- read it [$MERCURE_JWT_TOKEN]
    -k, --jwt-key KEY           mint an HS256 token for exactly the topics with KEY; @file reads it [$MERCURE_JWT_SECRET]
    -l, --lines                 publish each line of the data (default: stdin) as an update
        --pipeline N            with --lines, keep up to N requests in flight (default 16)
        --retries N             retry N times, with backoff, when the hub is down or answers 5xx
        --timeout DURATION      give up on a request after DURATION (default 30s)
    -h, --help                  show this help and exit
    -V, --version               show the version and exit
  
  See mercure-pub(1) for details and exit codes.
  $ mercure-pub --version | head -n 1
  mercure-pub 0.1.0
