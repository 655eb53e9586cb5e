Progress shows on a terminal for loads over a second, never in a pipe.

  $ cat > many.yaml <<'YAML'
  > App\Entity\MediaObject:
  >   m_{1..5}: {filePath: m.png}
  > App\Entity\Wine:
  >   wine_{1..300000}:
  >     name: <name()>
  >     description: <text()>
  >     stock: <numberBetween(1, 100)>
  >     price: <randomFloat(2, 2, 20)>
  >     image: '@m_*'
  > YAML
  $ script -qec 'wine-db -d tty.db load many.yaml' /dev/null < /dev/null > tty.out
  $ grep -c 'rows/s' tty.out
  1
  $ grep -o 'loaded 300005 rows' tty.out
  loaded 300005 rows
  $ wine-db -d pipe.db load many.yaml 2>&1 | cat
  loaded 300005 rows into 'pipe.db'
  $ script -qec 'wine-db -q -d quiet.db load many.yaml' /dev/null < /dev/null | wc -c
  0
