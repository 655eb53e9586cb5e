Export writes what load reads back: the same rows, ids included.

  $ export SOURCE_DATE_EPOCH=1767225600
  $ cp "$TESTDIR/../../data/fixtures/001-wines.in" wines.yaml
  $ wine-db -q load wines.yaml
  $ wine-db export > a.yaml
  $ head -12 a.yaml
  App\Entity\MediaObject:
    media_object_1:
      id: 1
      filePath: "wine1.png"
    media_object_2:
      id: 2
      filePath: "wine2.png"
    media_object_3:
      id: 3
      filePath: "wine3.png"
    media_object_4:
      id: 4
  $ grep -c '^  wine_' a.yaml
  10
  $ wine-db -d b.db -q load --purge-with-truncate a.yaml
  $ wine-db -d b.db export | cmp - a.yaml && echo same
  same

The same in JSON:

  $ wine-db export --format json > a.json
  $ head -3 a.json
  {
    "App\\Entity\\MediaObject": {
      "media_object_1": {"id": 1, "filePath": "wine1.png"},
  $ wine-db -d c.db -q load --purge-with-truncate a.json
  $ wine-db -d c.db export -F json | cmp - a.json && echo same
  same
  $ wine-db -d c.db export | cmp - a.yaml && echo same
  same

Gaps in ids and awkward strings survive the round trip (deleting a wine
deletes its comments):

  $ sqlite3 var/data.db "PRAGMA foreign_keys = ON; DELETE FROM wine WHERE id = 3; UPDATE wine SET name = '2x Magnum @home <b> 50%? \$5' || char(10) || 'tab' || char(9) || 'é' WHERE id = 1"
  $ wine-db stats
  media_object\t7 (esc)
  wine\t9 (esc)
  comment\t17 (esc)
  $ wine-db export > gaps.yaml
  $ grep -A3 '^  wine_1:' gaps.yaml
    wine_1:
      id: 1
      image: "@media_object_4"
      name: "2x\\\\ Magnum \\\\@home \\\\<b\\\\> 50\\\\%? \\\\$5\\ntab\\t\xc3\xa9" (esc)
  $ wine-db -d d.db -q load --purge-with-truncate gaps.yaml
  $ wine-db -d d.db export | cmp - gaps.yaml && echo same
  same
  $ sqlite3 d.db 'SELECT id FROM wine' | head -4
  2
  4
  7
  8
  $ sqlite3 d.db 'SELECT name FROM wine WHERE id = 1'
  2x Magnum @home <b> 50%? $5
  tab\t\xc3\xa9 (esc)

An empty database exports empty classes, which load back to nothing:

  $ wine-db -d e.db -q schema create
  $ wine-db -d e.db export | grep .
  App\Entity\MediaObject:
    {}
  App\Entity\Wine:
    {}
  App\Entity\Comment:
    {}
  $ wine-db -d e.db export | wine-db -d e.db load -
  loaded 0 rows into 'e.db'
  $ wine-db -d e.db export -F json
  {
    "App\\Entity\\MediaObject": {},
    "App\\Entity\\Wine": {},
    "App\\Entity\\Comment": {}
  }

Formats other than yaml and json are usage errors; export needs a schema:

  $ wine-db export --format xml 2>&1 | head -1
  wine-db: unknown format 'xml' (want yaml or json)
  $ wine-db -d none.db export
  wine-db: cannot open database 'none.db': No such file or directory
  [66]
