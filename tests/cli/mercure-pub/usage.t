Usage errors exit 2 with a one-line reason and the usage:

  $ unset MERCURE_URL MERCURE_PUBLISH_URL MERCURE_JWT_TOKEN MERCURE_JWT_SECRET
  $ mercure-pub --topic a --data x
  mercure-pub: missing required option '--hub' (or MERCURE_PUBLISH_URL)
  usage: mercure-pub --hub URL --topic TOPIC... [--data DATA|@FILE|-] [options]
         mercure-pub --hub URL --topic TOPIC... --lines [--data @FILE|-] [options]
  Try 'mercure-pub --help' for more information.
  [2]
  $ mercure-pub --hub http://127.0.0.1:1/ --data x
  mercure-pub: missing required option '--topic'
  usage: mercure-pub --hub URL --topic TOPIC... [--data DATA|@FILE|-] [options]
         mercure-pub --hub URL --topic TOPIC... --lines [--data @FILE|-] [options]
  Try 'mercure-pub --help' for more information.
  [2]
  $ mercure-pub --hub http://127.0.0.1:1/ -t a --retry soon
  mercure-pub: invalid retry 'soon' (want milliseconds)
  usage: mercure-pub --hub URL --topic TOPIC... [--data DATA|@FILE|-] [options]
         mercure-pub --hub URL --topic TOPIC... --lines [--data @FILE|-] [options]
  Try 'mercure-pub --help' for more information.
  [2]
  $ mercure-pub --hub http://127.0.0.1:1/ -t a --retries many
  mercure-pub: invalid retry count 'many' (want 0 to 1000)
  usage: mercure-pub --hub URL --topic TOPIC... [--data DATA|@FILE|-] [options]
         mercure-pub --hub URL --topic TOPIC... --lines [--data @FILE|-] [options]
  Try 'mercure-pub --help' for more information.
  [2]
  $ mercure-pub --hub http://127.0.0.1:1/ -t a --timeout 0s
  mercure-pub: invalid timeout '0s'
  usage: mercure-pub --hub URL --topic TOPIC... [--data DATA|@FILE|-] [options]
         mercure-pub --hub URL --topic TOPIC... --lines [--data @FILE|-] [options]
  Try 'mercure-pub --help' for more information.
  [2]
  $ mercure-pub --hub http://127.0.0.1:1/ -t a --lines --id 1
  mercure-pub: option '--id' does not apply to '--lines'
  usage: mercure-pub --hub URL --topic TOPIC... [--data DATA|@FILE|-] [options]
         mercure-pub --hub URL --topic TOPIC... --lines [--data @FILE|-] [options]
  Try 'mercure-pub --help' for more information.
  [2]
  $ mercure-pub --hub http://127.0.0.1:1/ -t a --lines --data literal
  mercure-pub: '--lines' reads '-' or '@FILE', not a literal '--data'
  usage: mercure-pub --hub URL --topic TOPIC... [--data DATA|@FILE|-] [options]
         mercure-pub --hub URL --topic TOPIC... --lines [--data @FILE|-] [options]
  Try 'mercure-pub --help' for more information.
  [2]
  $ mercure-pub --hub http://127.0.0.1:1/ -t a extra
  mercure-pub: unexpected argument 'extra'
  usage: mercure-pub --hub URL --topic TOPIC... [--data DATA|@FILE|-] [options]
         mercure-pub --hub URL --topic TOPIC... --lines [--data @FILE|-] [options]
  Try 'mercure-pub --help' for more information.
  [2]

A missing data file is exit 66:

  $ mercure-pub --hub http://127.0.0.1:1/ -t a --data @nowhere.json
  mercure-pub: cannot read 'nowhere.json': No such file or directory
  [66]
  $ mercure-pub --hub http://127.0.0.1:1/ -t a --lines --data @nowhere.txt
  mercure-pub: cannot read 'nowhere.txt': No such file or directory
  [66]
