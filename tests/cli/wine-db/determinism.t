The same seed and time give the same data; so does SOURCE_DATE_EPOCH.

  $ cp "$TESTDIR/../../data/fixtures/001-wines.in" wines.yaml
  $ wine-db -d a.db -q load --seed 5 --now 2026-01-01T00:00:00Z wines.yaml
  $ SOURCE_DATE_EPOCH=1767225600 wine-db -d b.db -q load --seed 5 wines.yaml
  $ wine-db -d a.db export > a.yaml
  $ wine-db -d b.db export | cmp - a.yaml && echo same
  same

The default seed is 1; another seed gives other data:

  $ wine-db -d c.db -q load --now 2026-01-01T00:00:00Z wines.yaml
  $ wine-db -d d.db -q load --seed 1 --now 2026-01-01T00:00:00Z wines.yaml
  $ wine-db -d c.db export | cmp - <(wine-db -d d.db export) && echo same
  same
  $ wine-db -d c.db export | cmp -s - a.yaml || echo different
  different

"now" moves the dates, and only the dates:

  $ wine-db -d e.db -q load --seed 5 --now 2030-06-01T00:00:00Z wines.yaml
  $ diff <(wine-db -d a.db export) <(wine-db -d e.db export) | grep '^[<>]' | grep -c createdAt
  40
  $ diff <(wine-db -d a.db export) <(wine-db -d e.db export) | grep '^[<>]' | grep -v createdAt | wc -l
  0

Adding a fixture does not change the others. A new media object at the end
of its block adds one row and changes nothing else:

  $ sed 's/^App\\Entity\\Wine:$/  logo:\n    filePath: logo.png\n\nApp\\Entity\\Wine:/' wines.yaml > more.yaml
  $ grep -A1 '^  logo:' more.yaml
    logo:
      filePath: logo.png
  $ wine-db -d f.db -q load --seed 5 --now 2026-01-01T00:00:00Z more.yaml
  $ diff <(wine-db -d a.db export) <(wine-db -d f.db export) | sed 's/^/| /'
  | 22a23,25
  | >   media_object_8:
  | >     id: 8
  | >     filePath: "logo.png"

A new wine too, as long as no wildcard matches it; one that '@wine*'
matches joins the draw, and comments may then pick it or another wine:

  $ sed 's/^App\\Entity\\Comment:$/  extra_wine: {name: Extra, description: one more, stock: 1, price: 9}\n\nApp\\Entity\\Comment:/' wines.yaml > extra.yaml
  $ wine-db -d g.db -q load --seed 5 --now 2026-01-01T00:00:00Z extra.yaml
  $ diff <(wine-db -d a.db export) <(wine-db -d g.db export) | sed 's/^/| /'
  | 94a95,100
  | >   wine_11:
  | >     id: 11
  | >     name: "Extra"
  | >     description: "one more"
  | >     stock: 1
  | >     price: 9.0
  $ sed 's/extra_wine/wine_extra/' extra.yaml > joins.yaml
  $ wine-db -d h.db -q load --seed 5 --now 2026-01-01T00:00:00Z joins.yaml
  $ diff <(wine-db -d a.db export) <(wine-db -d h.db export) | grep -c '^>     wine: '
  7
  $ diff <(wine-db -d a.db export) <(wine-db -d h.db export) | grep '^[<>]' | grep -v '^[<>]     wine: ' | grep -v '^>' | wc -l
  0

A fixture's values do not depend on its position either: moving the media
objects after the comments changes nothing:

  $ (sed -n '/^App.Entity.Wine:/,$p' wines.yaml; echo; sed -n '1,/^$/p' wines.yaml) > moved.yaml
  $ head -1 moved.yaml
  App\Entity\Wine:
  $ wine-db -d m.db -q load --seed 5 --now 2026-01-01T00:00:00Z moved.yaml
  $ wine-db -d m.db export | cmp - a.yaml && echo same
  same
