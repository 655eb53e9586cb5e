The EXAMPLES of wine-db(1), as written there.

  $ mkdir fixtures var
  $ cp "$TESTDIR/../../data/fixtures/001-wines.in" fixtures/wines.yaml

Rebuild the database as the original application's 'make db' did:

  $ wine-db schema drop --force
  dropped the schema of 'var/data.db'
  $ wine-db schema create
  created schema version 1 in 'var/data.db'
  $ wine-db load --purge-with-truncate fixtures/wines.yaml
  loaded 37 rows into 'var/data.db'

Load every fixture file of a directory with another seed and a fixed date,
then count the rows:

  $ wine-db load --seed 7 --now 2026-01-01T00:00:00Z fixtures/
  loaded 37 rows into 'var/data.db'
  $ wine-db stats
  media_object\t7 (esc)
  wine\t10 (esc)
  comment\t20 (esc)

Use the database a Symfony .env file names:

  $ export DATABASE_URL=sqlite:///var/app.db
  $ wine-db schema create
  created schema version 1 in 'var/app.db'
  $ wine-db schema status
  database: var/app.db
  version: 1
  latest: 1
  status: up to date
  $ unset DATABASE_URL

Copy the data of one database into another through a fixture file:

  $ wine-db -d var/data.db export > snapshot.yaml
  $ wine-db -d var/copy.db load --purge-with-truncate snapshot.yaml
  loaded 37 rows into 'var/copy.db'
  $ wine-db -d var/copy.db export | cmp - snapshot.yaml && echo same
  same
