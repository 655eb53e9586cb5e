Hostile input: SQL injection through every parameter that reaches a
query, path traversal on the media and static routes, a forged Host.

  $ . "$TESTDIR/setup.sh"
  $ db data.db
  $ mkdir media && echo secret > secret.txt && printf 'PNG' > media/ok.png
  $ start -d data.db -m media -q
  $ H='Content-Type: application/ld+json'
  $ sum() { sqlite3 data.db "SELECT count(*), sum(stock), group_concat(name, '|') FROM wine"; }
  $ sum
  4|142|Prof. Cordie Kuhlman|Dr. Aliyah Ratke|Château Müller|Mr. Ratke Junior

Filters and ordering take values as bound parameters or from a fixed
list; injected SQL is only text that matches nothing:

  $ q() { curl -s -G "$API/api/wines" "$@" | jq -c '[.["hydra:totalItems"], [.["hydra:member"][].id]]'; }
  $ q --data-urlencode "name=' OR '1'='1"
  [0,[]]
  $ q --data-urlencode "name[exact]=x') OR 1=1 --"
  [0,[]]
  $ q --data-urlencode 'name=%'
  [0,[]]
  $ q --data-urlencode 'stock[gt]=0 OR 1=1'
  [4,[1,2,3,4]]
  $ curl -s "$API/api/wines?order%5Bname%3B%20DROP%20TABLE%20wine%3B%20--%5D=asc" | jq -c '[.["hydra:member"][].id]'
  [1,2,3,4]
  $ q --data-urlencode 'order[stock]=desc; DROP TABLE wine'
  [4,[1,2,3,4]]
  $ q --data-urlencode 'page=1; DELETE FROM wine'
  [4,[1,2,3,4]]
  $ curl -s -o /dev/null -w '%{http_code}\n' "$API/api/wines/1%20OR%201=1"
  404
  $ curl -s -o /dev/null -w '%{http_code}\n' "$API/api/wines/1;DELETE%20FROM%20wine"
  404

Bodies are values, never SQL:

  $ curl -s -X PUT -H "$H" -d "{\"name\":\"x'); DROP TABLE wine; --\"}" $API/api/wines/2 | jq -r .name
  x'); DROP TABLE wine; --
  $ curl -s -H "$H" -d "{\"text\":\"' || (SELECT group_concat(name) FROM wine) || '\",\"wine\":\"/api/wines/1\"}" $API/api/comments | jq -r .text
  ' || (SELECT group_concat(name) FROM wine) || '
  $ sqlite3 data.db "SELECT count(*) FROM wine; SELECT name FROM wine WHERE id = 2"
  4
  x'); DROP TABLE wine; --

Media: only plain names in the media folder are served:

  $ curl -s -o /dev/null -w '%{http_code} %{content_type}\n' $API/media/ok.png
  200 image/png
  $ for p in ../secret.txt ..%2fsecret.txt %2e%2e/secret.txt .hidden 'ok.png%00.txt' '..' 'a/b' '%2e%2e%2fsecret.txt'; do curl -s --path-as-is -o /dev/null -w "$p %{http_code}\n" "$API/media/$p"; done
  ../secret.txt 404
  ..%2fsecret.txt 404
  %2e%2e/secret.txt 404
  .hidden 404
  ok.png%00.txt 404
  .. 404
  a/b 404
  %2e%2e%2fsecret.txt 404
  $ ln -s ../secret.txt media/link.png
  $ curl -s -o /dev/null -w '%{http_code}\n' $API/media/link.png
  404

The page's files are a fixed list; nothing else is read:

  $ for p in /../secret.txt /%2e%2e/secret.txt /app.js/../../secret.txt /index.html; do curl -s --path-as-is -o /dev/null -w "$p %{http_code}\n" "$API$p"; done
  /../secret.txt 404
  /%2e%2e/secret.txt 404
  /app.js/../../secret.txt 404
  /index.html 200

A Host that could inject into headers or topics is refused:

  $ curl -s -w ' %{http_code}\n' -H 'Host: evil.example"><script>' $API/api/wines/1
  {"type":"https:\/\/tools.ietf.org\/html\/rfc2616#section-10","title":"An error occurred","detail":"Invalid Host header."} 400

Nothing was lost:

  $ sqlite3 data.db "SELECT count(*) FROM wine; SELECT count(*) FROM comment"
  4
  4
  $ stop
