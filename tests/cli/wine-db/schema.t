The schema: create, status, update, drop, and the SQL behind them.

  $ wine-db schema status
  wine-db: cannot open database 'var/data.db': No such file or directory
  [66]
  $ wine-db schema create
  created schema version 1 in 'var/data.db'
  $ wine-db schema status
  database: var/data.db
  version: 1
  latest: 1
  status: up to date
  $ wine-db schema create
  wine-db: database 'var/data.db' already has a schema (use 'schema update', or 'schema drop --force' first)
  [1]
  $ wine-db schema update
  'var/data.db' is up to date (version 1)
  $ sqlite3 var/data.db "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name"
  comment
  media_object
  wine
  $ sqlite3 var/data.db 'PRAGMA journal_mode; PRAGMA user_version'
  wal
  1

Dropping needs --force:

  $ wine-db schema drop
  wine-db: refusing to drop the schema without '--force' (all data would be lost)
  usage: wine-db [-d PATH] schema create|drop --force|update|status [--dump-sql]
         wine-db [-d PATH] purge [--purge-with-truncate]
         wine-db [-d PATH] load [--purge-with-truncate | --append] [--seed N] [--now TIME] FILE|DIR...
         wine-db [-d PATH] export [--format yaml|json]
         wine-db [-d PATH] stats [--format text|json]
  Try 'wine-db --help' for more information.
  [2]
  $ wine-db schema drop --force
  dropped the schema of 'var/data.db'
  $ wine-db schema status
  database: var/data.db
  version: 0
  latest: 1
  status: no schema
  $ wine-db -q schema create

The SQL, without running it:

  $ wine-db -d other.db schema create --dump-sql
  CREATE TABLE media_object (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, file_path VARCHAR(255) DEFAULT NULL);
  CREATE TABLE wine (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, image_id INTEGER DEFAULT NULL, name VARCHAR(255) NOT NULL, description VARCHAR(255) NOT NULL, stock INTEGER NOT NULL, price DOUBLE PRECISION NOT NULL, CONSTRAINT FK_560C64683DA5256D FOREIGN KEY (image_id) REFERENCES media_object (id) NOT DEFERRABLE INITIALLY IMMEDIATE);
  CREATE INDEX IDX_560C64683DA5256D ON wine (image_id);
  CREATE TABLE comment (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, wine_id INTEGER NOT NULL, text VARCHAR(255) NOT NULL, created_at DATETIME NOT NULL, CONSTRAINT FK_9474526C28A2BD76 FOREIGN KEY (wine_id) REFERENCES wine (id) ON DELETE CASCADE NOT DEFERRABLE INITIALLY IMMEDIATE);
  CREATE INDEX IDX_9474526C28A2BD76 ON comment (wine_id);
  PRAGMA user_version = 1;
  $ wine-db schema drop --dump-sql
  DROP TABLE IF EXISTS comment;
  DROP TABLE IF EXISTS wine;
  DROP TABLE IF EXISTS media_object;
  PRAGMA user_version = 0;
  $ wine-db schema update --dump-sql
  $ wine-db schema status --dump-sql
  wine-db: option '--dump-sql' does not apply to 'schema status'
  usage: wine-db [-d PATH] schema create|drop --force|update|status [--dump-sql]
         wine-db [-d PATH] purge [--purge-with-truncate]
         wine-db [-d PATH] load [--purge-with-truncate | --append] [--seed N] [--now TIME] FILE|DIR...
         wine-db [-d PATH] export [--format yaml|json]
         wine-db [-d PATH] stats [--format text|json]
  Try 'wine-db --help' for more information.
  [2]

A database made by Doctrine's schema tool (the same tables, version 0) is
adopted by update:

  $ wine-db -d new.db schema create --dump-sql | grep -v user_version | sqlite3 doctrine.db
  $ wine-db -d doctrine.db schema status
  database: doctrine.db
  version: 0
  latest: 1
  status: update needed
  $ wine-db -d doctrine.db stats
  wine-db: database 'doctrine.db' has schema version 0, not 1 (run 'wine-db schema update')
  [65]
  $ wine-db -d doctrine.db schema update
  updated 'doctrine.db' from version 0 to 1
  $ wine-db -d doctrine.db schema status | tail -1
  status: up to date

A file from a newer wine-db, or with other tables of the same names, is
left alone:

  $ sqlite3 future.db 'PRAGMA user_version = 9'
  $ wine-db -d future.db schema update
  wine-db: database 'future.db' has schema version 9, newer than this wine-db knows (1)
  [65]
  $ sqlite3 alien.db 'CREATE TABLE wine (id INTEGER PRIMARY KEY, colour TEXT)'
  $ wine-db -d alien.db schema update
  wine-db: table 'media_object' in 'alien.db' is missing or has other columns; cannot adopt it
  [65]
  $ wine-db -d alien.db schema create
  wine-db: database 'alien.db' already has a schema (use 'schema update', or 'schema drop --force' first)
  [1]

DATABASE_URL names the database as Symfony's .env does; --database wins:

  $ DATABASE_URL=sqlite:///%kernel.project_dir%/var/url.db wine-db schema create
  created schema version 1 in './var/url.db'
  $ ls var
  data.db
  url.db
  $ DATABASE_URL=sqlite:///var/url.db wine-db -d var/data.db schema status | head -1
  database: var/data.db
  $ DATABASE_URL=postgresql://app:secret@db/app wine-db schema status
  wine-db: unsupported database URL 'postgresql://...' (only sqlite:/// is supported)
  usage: wine-db [-d PATH] schema create|drop --force|update|status [--dump-sql]
         wine-db [-d PATH] purge [--purge-with-truncate]
         wine-db [-d PATH] load [--purge-with-truncate | --append] [--seed N] [--now TIME] FILE|DIR...
         wine-db [-d PATH] export [--format yaml|json]
         wine-db [-d PATH] stats [--format text|json]
  Try 'wine-db --help' for more information.
  [2]

Not a database at all:

  $ echo 'just text' > notes.db
  $ wine-db -d notes.db schema status
  wine-db: 'notes.db' is not a usable database: file is not a database
  [65]

Unknown actions and extra arguments are usage errors:

  $ wine-db schema migrate 2>&1 | head -1
  wine-db: unknown schema action 'migrate' (want create, drop, update or status)
  $ wine-db schema 2>&1 | head -1
  wine-db: missing schema action (want create, drop, update or status)
  $ wine-db schema status now 2>&1 | head -1
  wine-db: unexpected argument 'now'
