Loading the original application's fixture file, unmodified.

  $ cp "$TESTDIR/../../data/fixtures/001-wines.in" wines.yaml
  $ export SOURCE_DATE_EPOCH=1767225600
  $ wine-db load wines.yaml
  loaded 37 rows into 'var/data.db'
  $ wine-db stats
  media_object\t7 (esc)
  wine\t10 (esc)
  comment\t20 (esc)
  $ sqlite3 var/data.db 'SELECT count(DISTINCT image_id) > 1, min(image_id) >= 1, max(image_id) <= 7 FROM wine'
  1|1|1
  $ sqlite3 var/data.db 'SELECT min(stock) >= 1, max(stock) <= 100, min(price) >= 2, max(price) <= 20, max(length(description)) <= 200 FROM wine'
  1|1|1|1|1
  $ sqlite3 var/data.db 'SELECT count(*) FROM comment WHERE wine_id NOT IN (SELECT id FROM wine)'
  0
  $ sqlite3 var/data.db "SELECT count(*) FROM comment WHERE created_at NOT GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-5][0-9]' OR created_at > '2026-01-01 00:00:00'"
  0

A second load purges first, as alice does, but ids keep counting;
--purge-with-truncate restarts them at 1:

  $ wine-db -q load wines.yaml
  $ sqlite3 var/data.db 'SELECT min(id), max(id) FROM wine'
  11|20
  $ wine-db load --purge-with-truncate wines.yaml
  loaded 37 rows into 'var/data.db'
  $ sqlite3 var/data.db 'SELECT min(id), max(id) FROM wine'
  1|10

--append keeps what is there:

  $ wine-db load --append wines.yaml
  loaded 37 rows into 'var/data.db'
  $ wine-db stats --format json
  {"media_object": 14, "wine": 20, "comment": 40}
  $ wine-db load --append --purge-with-truncate wines.yaml 2>&1 | head -1
  wine-db: cannot append and purge at the same time; choose '--append' or '--purge-with-truncate'

A directory gives its fixture files sorted by name, ignoring case; '-'
reads standard input:

  $ mkdir fixtures
  $ printf 'App\\Entity\\MediaObject:\n  b: {filePath: b.png}\n' > fixtures/B.yml
  $ printf 'App\\Entity\\MediaObject:\n  a: {filePath: a.png}\n' > fixtures/a.yaml
  $ printf '{"App\\\\Entity\\\\MediaObject": {"c": {"filePath": "c.json.png"}}}\n' > fixtures/c.json
  $ echo 'not a fixture' > fixtures/README
  $ wine-db load --purge-with-truncate fixtures
  loaded 3 rows into 'var/data.db'
  $ sqlite3 var/data.db 'SELECT id, file_path FROM media_object'
  1|a.png
  2|b.png
  3|c.json.png
  $ printf 'App\\Entity\\MediaObject:\n  s: {filePath: stdin.png}\n' | wine-db load --append -
  loaded 1 row into 'var/data.db'
  $ sqlite3 var/data.db 'SELECT id, file_path FROM media_object WHERE id = 4'
  4|stdin.png

Includes are relative to the including file, which wins on a fixture both
define; a later file on the command line replaces a fixture of an earlier
one, keeping its id:

  $ cat > fixtures/../main.yml <<'YAML'
  > include: [fixtures/a.yaml]
  > App\Entity\MediaObject:
  >   a: {filePath: a-from-main.png}
  > YAML
  $ printf 'App\\Entity\\MediaObject:\n  a: {filePath: a-from-later.png}\n' > later.yml
  $ wine-db load --purge-with-truncate main.yml
  loaded 1 row into 'var/data.db'
  $ sqlite3 var/data.db 'SELECT id, file_path FROM media_object'
  1|a-from-main.png
  $ wine-db load --purge-with-truncate main.yml later.yml
  loaded 1 row into 'var/data.db'
  $ sqlite3 var/data.db 'SELECT id, file_path FROM media_object'
  1|a-from-later.png

A load creates the database and its schema when there are none:

  $ wine-db -d fresh/new.db load wines.yaml
  loaded 37 rows into 'fresh/new.db'
  $ wine-db -d fresh/new.db schema status | tail -1
  status: up to date

Files and directories that are not there:

  $ wine-db load missing.yaml
  wine-db: cannot open 'missing.yaml': No such file or directory
  [66]
  $ mkdir empty
  $ wine-db load empty
  wine-db: no fixture files (*.yml, *.yaml, *.json) in 'empty'
  [66]
  $ wine-db load
  wine-db: missing fixture file or directory
  usage: wine-db [-d PATH] schema create|drop --force|update|status [--dump-sql]
         wine-db [-d PATH] purge [--purge-with-truncate]
         wine-db [-d PATH] load [--purge-with-truncate | --append] [--seed N] [--now TIME] FILE|DIR...
         wine-db [-d PATH] export [--format yaml|json]
         wine-db [-d PATH] stats [--format text|json]
  Try 'wine-db --help' for more information.
  [2]
