Usage errors exit 2, a missing database 66, a file without the schema 65,
a busy address 69:

  $ unset DATABASE_URL PUBLIC_URL MEDIA_DIR MERCURE_URL MERCURE_PUBLISH_URL MERCURE_PUBLIC_URL MERCURE_JWT_TOKEN MERCURE_JWT_SECRET
  $ wine-serve extra
  wine-serve: unexpected argument 'extra'
  usage: wine-serve [--listen ADDR] [--database-url URL] [--public-url URL] [options]
  Try 'wine-serve --help' for more information.
  [2]
  $ wine-serve --public-url ftp://x -d x.db
  wine-serve: invalid public URL 'ftp://x' (want http:// or https://)
  usage: wine-serve [--listen ADDR] [--database-url URL] [--public-url URL] [options]
  Try 'wine-serve --help' for more information.
  [2]
  $ wine-serve --max-connections 0
  wine-serve: invalid connection count '0'
  usage: wine-serve [--listen ADDR] [--database-url URL] [--public-url URL] [options]
  Try 'wine-serve --help' for more information.
  [2]
  $ wine-serve -d postgresql://u@h/db
  wine-serve: unsupported database URL 'postgresql://...' (only sqlite:/// is supported)
  usage: wine-serve [--listen ADDR] [--database-url URL] [--public-url URL] [options]
  Try 'wine-serve --help' for more information.
  [2]
  $ wine-serve -d sqlite:///nowhere/data.db
  wine-serve: cannot open database 'nowhere/data.db': No such file or directory
  [66]
  $ DATABASE_URL=sqlite:///empty.db; touch empty.db; export DATABASE_URL
  $ wine-serve
  wine-serve: database 'empty.db' has no schema (run 'wine-db schema create')
  [65]
  $ unset DATABASE_URL
  $ . "$TESTDIR/setup.sh"
  $ db data.db
  $ start -d data.db -m media -q
  $ wine-serve -d data.db -m media -l 127.0.0.1:$PORT
  wine-serve: cannot listen on '127.0.0.1:\d+': Address already in use (re)
  [69]
  $ wine-serve -l nocolon -d data.db
  wine-serve: invalid address 'nocolon' (want host:port or :port)
  usage: wine-serve [--listen ADDR] [--database-url URL] [--public-url URL] [options]
  Try 'wine-serve --help' for more information.
  [2]
  $ stop

The help lists every option:

  $ wine-serve --help | grep -c -e '--'
  15

A database made by an older schema is refused with what to run:

  $ wine-db -q -d old.db schema create && sqlite3 old.db 'PRAGMA user_version = 0'
  $ wine-serve -d old.db
  wine-serve: database 'old.db' has schema version 0, not 1 (run 'wine-db schema update')
  [65]
