Usage errors exit 2 with a one-line reason and the usage:

  $ unset MERCURE_URL MERCURE_JWT_TOKEN MERCURE_JWT_SECRET
  $ mercure-sub
  mercure-sub: missing required option '--hub' (or MERCURE_URL)
  usage: mercure-sub --hub URL --topic TOPIC... [options]
         mercure-sub --input FILE|- [options]
  Try 'mercure-sub --help' for more information.
  [2]
  $ mercure-sub --hub http://127.0.0.1:1/.well-known/mercure
  mercure-sub: missing required option '--topic'
  usage: mercure-sub --hub URL --topic TOPIC... [options]
         mercure-sub --input FILE|- [options]
  Try 'mercure-sub --help' for more information.
  [2]
  $ mercure-sub --input - --format yaml < /dev/null
  mercure-sub: invalid format 'yaml' (want json, data or raw)
  usage: mercure-sub --hub URL --topic TOPIC... [options]
         mercure-sub --input FILE|- [options]
  Try 'mercure-sub --help' for more information.
  [2]
  $ mercure-sub --input - --format data --json-data < /dev/null
  mercure-sub: option '--json-data' needs '--format json'
  usage: mercure-sub --hub URL --topic TOPIC... [options]
         mercure-sub --input FILE|- [options]
  Try 'mercure-sub --help' for more information.
  [2]
  $ mercure-sub --input - --max-events 0 < /dev/null
  mercure-sub: invalid event count '0' (want a number)
  usage: mercure-sub --hub URL --topic TOPIC... [options]
         mercure-sub --input FILE|- [options]
  Try 'mercure-sub --help' for more information.
  [2]
  $ mercure-sub --input - --max-events ten < /dev/null
  mercure-sub: invalid event count 'ten' (want a number)
  usage: mercure-sub --hub URL --topic TOPIC... [options]
         mercure-sub --input FILE|- [options]
  Try 'mercure-sub --help' for more information.
  [2]
  $ mercure-sub --input - --timeout soon < /dev/null
  mercure-sub: invalid duration 'soon' (want e.g. 90s, 30m, 12h, 7d)
  usage: mercure-sub --hub URL --topic TOPIC... [options]
         mercure-sub --input FILE|- [options]
  Try 'mercure-sub --help' for more information.
  [2]
  $ mercure-sub --input - --max-event-size 32M < /dev/null
  mercure-sub: invalid size '32M' (want 1 to 16777216 bytes, or K/M)
  usage: mercure-sub --hub URL --topic TOPIC... [options]
         mercure-sub --input FILE|- [options]
  Try 'mercure-sub --help' for more information.
  [2]
  $ mercure-sub --input - --retries -1 < /dev/null
  mercure-sub: invalid retry count '-1' (want a number)
  usage: mercure-sub --hub URL --topic TOPIC... [options]
         mercure-sub --input FILE|- [options]
  Try 'mercure-sub --help' for more information.
  [2]
  $ mercure-sub --input - extra < /dev/null
  mercure-sub: unexpected argument 'extra'
  usage: mercure-sub --hub URL --topic TOPIC... [options]
         mercure-sub --input FILE|- [options]
  Try 'mercure-sub --help' for more information.
  [2]
  $ mercure-sub --bogus
  mercure-sub: unknown option '--bogus'
  usage: mercure-sub --hub URL --topic TOPIC... [options]
         mercure-sub --input FILE|- [options]
  Try 'mercure-sub --help' for more information.
  [2]

The hub may come from MERCURE_URL:

  $ MERCURE_URL=http://127.0.0.1:1/.well-known/mercure mercure-sub
  mercure-sub: missing required option '--topic'
  usage: mercure-sub --hub URL --topic TOPIC... [options]
         mercure-sub --input FILE|- [options]
  Try 'mercure-sub --help' for more information.
  [2]
