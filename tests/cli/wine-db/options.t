Help, version and usage errors.

  $ wine-db --help | grep .
  usage: wine-db [-d PATH] schema create|drop --force|update|status [--dump-sql]
         wine-db [-d PATH] purge [--purge-with-truncate]
         wine-db [-d PATH] load [--purge-with-truncate | --append] [--seed N] [--now TIME] FILE|DIR...
         wine-db [-d PATH] export [--format yaml|json]
         wine-db [-d PATH] stats [--format text|json]
  Manage the winestore database and its alice-style fixtures.
  Commands:
    schema                      create, drop --force, update or show (status) the schema
    purge                       delete every row, keeping the schema
    load                        load fixture files or directories in one transaction
    export                      write every row as a fixture file that load reads back
    stats                       print the number of rows in each table
  Options:
    -d, --database PATH         the SQLite file, or sqlite:///path (default var/data.db) [$DATABASE_URL]
    -f, --force                 schema drop: really drop the tables
        --dump-sql              schema create/drop/update: print the SQL instead of running it
        --purge-with-truncate   load, purge: empty the tables and restart ids at 1
    -a, --append                load: keep the rows already there
    -s, --seed N                load: seed of the fake data (default 1)
        --now TIME              load: the time dates are relative to (Unix seconds or ISO 8601) [$SOURCE_DATE_EPOCH]
    -F, --format FORMAT         export: yaml (default) or json; stats: text (default) or json
    -q, --quiet                 print nothing but data and errors
    -h, --help                  show this help and exit
    -V, --version               show the version and exit
  See wine-db(1) for details and exit codes.
  $ wine-db --version | head -1
  wine-db 0.1.0
  $ wine-db --version | tail -1 | sed 's/[0-9][0-9.]*/N/g'
  libyaml N, sqlite N
  $ wine-db
  wine-db: missing command (want schema, purge, load, export or stats)
  usage: wine-db [-d PATH] schema create|drop --force|update|status [--dump-sql]
         wine-db [-d PATH] purge [--purge-with-truncate]
         wine-db [-d PATH] load [--purge-with-truncate | --append] [--seed N] [--now TIME] FILE|DIR...
         wine-db [-d PATH] export [--format yaml|json]
         wine-db [-d PATH] stats [--format text|json]
  Try 'wine-db --help' for more information.
  [2]
  $ wine-db frobnicate 2>&1 | head -1
  wine-db: unknown command 'frobnicate'
  $ wine-db --frobnicate stats 2>&1 | head -1
  wine-db: unknown option '--frobnicate'
  $ wine-db export --seed 2 2>&1 | head -1
  wine-db: option '--seed' does not apply to 'export'
  $ wine-db stats --force 2>&1 | head -1
  wine-db: option '--force' does not apply to 'stats'
  $ wine-db load --seed x wines.yaml 2>&1 | head -1
  wine-db: invalid seed 'x' (want a whole number)
  $ wine-db load --now 'the day after' wines.yaml 2>&1 | head -1
  wine-db: invalid time 'the day after' for '--now' (want Unix seconds or 2026-11-28T12:00:00Z)
  $ wine-db stats extra 2>&1 | head -1
  wine-db: unexpected argument 'extra'
  $ wine-db stats --format yaml 2>&1 | head -1
  wine-db: unknown format 'yaml' (want text or json)
  $ wine-db --database 2>&1 | head -1
  wine-db: option '--database' requires an argument

--quiet silences the confirmations, not the data:

  $ wine-db -q schema create
  $ wine-db -q stats
  media_object\t0 (esc)
  wine\t0 (esc)
  comment\t0 (esc)
  $ wine-db -q purge
  $ wine-db purge --purge-with-truncate
  purged 'var/data.db'

Options from the environment do not trip the per-command checks:

  $ SOURCE_DATE_EPOCH=1767225600 wine-db stats -F json
  {"media_object": 0, "wine": 0, "comment": 0}

Output that cannot be written is a failure:

  $ wine-db stats > /dev/full
  wine-db: cannot write the output: No space left on device
  [1]

Every option has its short form where it has one:

  $ wine-db -h | head -1
  usage: wine-db [-d PATH] schema create|drop --force|update|status [--dump-sql]
  $ wine-db -V | head -1
  wine-db 0.1.0
  $ cp "$TESTDIR/../../data/fixtures/001-wines.in" wines.yaml
  $ wine-db -d short.db -q load -s 3 --now 2026-01-01T00:00:00Z wines.yaml
  $ wine-db -d short.db -q load -a -s 3 --now 2026-01-01T00:00:00Z wines.yaml
  $ wine-db -d short.db stats -F json
  {"media_object": 14, "wine": 20, "comment": 40}
  $ wine-db -d short.db schema drop -f
  dropped the schema of 'short.db'
