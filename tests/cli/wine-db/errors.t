Every mistake names the file, line and column and what was expected; the
exit status is 65 and the database is exactly as it was.

  $ export SOURCE_DATE_EPOCH=1767225600
  $ cp "$TESTDIR/../../data/fixtures/001-wines.in" wines.yaml
  $ wine-db -q load wines.yaml
  $ wine-db export > before.yaml
  $ try() { wine-db load --purge-with-truncate "$1"; echo "[$?]"; wine-db export | cmp -s - before.yaml && echo unchanged; }

Unknown class, field and formatter, each with the closest name:

  $ printf 'App\\Entity\\Wines:\n  w: ~\n' > class.yaml
  $ try class.yaml
  wine-db: class.yaml:1:1: unknown class 'App\Entity\Wines' (did you mean 'App\Entity\Wine'?)
  [65]
  unchanged
  $ printf 'App\\Entity\\Wine:\n  w:\n    name: x\n    descripton: y\n' > field.yaml
  $ try field.yaml
  wine-db: field.yaml:4:5: unknown field 'descripton' for App\Entity\Wine (did you mean 'description'?)
  [65]
  unchanged
  $ printf 'App\\Entity\\Wine:\n  w:\n    name: <nmae()>\n' > formatter.yaml
  $ try formatter.yaml
  wine-db: formatter.yaml:3:12: unknown formatter 'nmae' (did you mean 'name'?)
  [65]
  unchanged

A reference to a missing fixture, and references that match nothing:

  $ printf 'App\\Entity\\Comment:\n  c:\n    text: t\n    createdAt: now\n    wine: "@wine_42"\n' > ref.yaml
  $ try ref.yaml
  wine-db: ref.yaml:5:12: reference to a missing fixture '@wine_42'
  [65]
  unchanged
  $ printf 'App\\Entity\\Comment:\n  c:\n    text: t\n    createdAt: now\n    wine: "@nothing*"\n' > wildcard.yaml
  $ try wildcard.yaml
  wine-db: wildcard.yaml:5:12: '@nothing*' matches no fixture
  [65]
  unchanged

A range that gives no ids:

  $ printf 'App\\Entity\\MediaObject:\n  m_{}: ~\n' > range.yaml
  $ try range.yaml
  wine-db: range.yaml:2:3: invalid range or list in 'm_{}' (expected {1..10}, {1..10, 2} or {a, b})
  [65]
  unchanged
  $ printf 'App\\Entity\\MediaObject:\n  m_{1..}: ~\n' > range2.yaml
  $ try range2.yaml
  wine-db: range2.yaml:2:3: invalid range '{1..}' (expected {1..10} or {1..10, 2})
  [65]
  unchanged

A PHP expression:

  $ printf 'App\\Entity\\Comment:\n  c:\n    createdAt: <(new \\DateTime())>\n' > php.yaml
  $ try php.yaml
  wine-db: php.yaml:3:16: PHP expressions ('<(...)>') cannot be evaluated; use a formatter such as <dateTimeBetween()>
  [65]
  unchanged

Values of the wrong type for their column:

  $ printf 'App\\Entity\\Wine:\n  w: {name: n, description: d, stock: plenty, price: 1}\n' > int.yaml
  $ try int.yaml
  wine-db: int.yaml:2:39: 'stock' of App\Entity\Wine expects a whole number, got a string 'plenty'
  [65]
  unchanged
  $ printf 'App\\Entity\\Wine:\n  w: {name: n, description: d, stock: 1, price: 1, image: wine1.png}\n' > notref.yaml
  $ try notref.yaml
  wine-db: notref.yaml:2:59: 'image' of App\Entity\Wine expects a reference like '@id' to App\Entity\MediaObject, got 'wine1.png' (write '@' before the fixture id)
  [65]
  unchanged
  $ printf 'App\\Entity\\Wine:\n  w: {name: n, description: d, stock: 1, price: 1, image: "@w"}\n' > wrongclass.yaml
  $ try wrongclass.yaml
  wine-db: wrongclass.yaml:2:59: 'image' of 'w' needs a reference to App\Entity\MediaObject, but 'w' is App\Entity\Wine
  [65]
  unchanged
  $ printf 'App\\Entity\\Wine:\n  w: {name: "<text(2000)>", description: d, stock: 1, price: 1}\n' > long.yaml
  $ try long.yaml
  wine-db: long.yaml:2:13: 'name' of 'w' has 1829 characters, more than 255
  [65]
  unchanged
  $ printf 'App\\Entity\\Wine:\n  w: {name: n}\n' > missing.yaml
  $ try missing.yaml
  wine-db: missing.yaml:2:3: fixture 'w' has no 'description' (App\Entity\Wine needs name, description, stock, price)
  [65]
  unchanged

Invalid YAML, such as an unquoted reference:

  $ printf 'App\\Entity\\Wine:\n  w:\n    image: @madia_object_1\n' > yaml.yaml
  $ try yaml.yaml
  wine-db: yaml.yaml:3:12: invalid YAML: found character that cannot start any token (quote values that start with '@' or '`')
  [65]
  unchanged

An error in the second file still leaves everything as it was, and the
message names that file:

  $ printf 'App\\Entity\\Wine:\n  w: {name: n, description: d, stock: 1, price: lots}\n' > second.yaml
  $ wine-db load --purge-with-truncate wines.yaml second.yaml
  wine-db: second.yaml:2:49: 'price' of App\Entity\Wine expects a number, got a string 'lots'
  [65]
  $ wine-db export | cmp - before.yaml && echo unchanged
  unchanged

A row SQLite refuses is named even when many rows follow it in the same
batch:

  $ printf 'App\\Entity\\MediaObject:\n  a: {filePath: a}\n  b: {id: 1, filePath: b}\n  m_{1..100000}: {filePath: c}\n' > dup.yaml
  $ try dup.yaml
  wine-db: dup.yaml:3:3: id 1 is used twice in table 'media_object'
  [65]
  unchanged
