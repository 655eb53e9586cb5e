MediaObject upload: multipart/form-data with a file field, stored under
a name of ours in the media folder and served at its contentUrl.

  $ . "$TESTDIR/setup.sh"
  $ db data.db
  $ start -d data.db -m media -q
  $ printf '\x89PNG\r\n\x1a\nfake image' > label.png

  $ curl -s -D headers -F 'file=@label.png;type=image/png' $API/api/media_objects > created
  $ grep -e '^HTTP' -e '^Location' headers
  HTTP/1.1 201 Created\r (esc)
  Location: /api/media_objects/4\r (esc)
  $ jq -r '.["@id"], .["@type"]' created
  /api/media_objects/4
  http://schema.org/MediaObject
  $ URL=$(jq -r .contentUrl created); echo "$URL" | grep -E -c '^/media/[0-9a-f]{24}\.png$'
  1
  $ curl -s "$API$URL" | cmp - label.png && echo same
  same
  $ curl -s -D - -o /dev/null "$API$URL" | grep -e '^Content-Type' -e '^Content-Security-Policy'
  Content-Type: image/png\r (esc)
  Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; sandbox\r (esc)
  $ ls media | wc -l
  1

A wine takes it as its image:

  $ curl -s -X PUT -H 'Content-Type: application/ld+json' -d '{"image":"/api/media_objects/4"}' $API/api/wines/3 | jq -c .image
  {"@id":"/api/media_objects/4","@type":"http://schema.org/MediaObject","filePath":"*.png"} (glob)

The client's file name never reaches the disk; an unknown extension is
served as a download:

  $ printf '<script>alert(1)</script>' > evil.html
  $ curl -s -F 'file=@evil.html;filename=../../x.html' $API/api/media_objects | jq -r .contentUrl | grep -E -c '^/media/[0-9a-f]{24}\.html$'
  1
  $ curl -s -D - -o /dev/null "$API$(ls media/*.html | sed 's|^|/|')" | grep -e '^Content-Type' -e '^Content-Disposition'
  Content-Type: application/octet-stream\r (esc)
  Content-Disposition: attachment\r (esc)
  $ ls .. | grep -c x.html
  0
  [1]

Refusals: no file field, not multipart, malformed:

  $ curl -s -F 'other=@label.png' $API/api/media_objects | jq -r '.["hydra:description"]'
  file: This value should not be null.
  $ curl -s -o /dev/null -w '%{http_code}\n' -F 'other=@label.png' $API/api/media_objects
  400
  $ curl -s -o /dev/null -w '%{http_code}\n' -H 'Content-Type: application/json' -d '{}' $API/api/media_objects
  415
  $ curl -s -w ' %{http_code}\n' -H 'Content-Type: multipart/form-data; boundary=xyz' --data-binary 'garbage' $API/api/media_objects
  {"@context":"\/api\/contexts\/Error","@type":"hydra:Error","hydra:title":"An error occurred","hydra:description":"Malformed multipart body: no multipart boundary (offset 1)"} 400
  $ ls media | wc -l
  2
  $ stop
