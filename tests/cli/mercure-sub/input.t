A recorded stream, as `curl -N` would save it (a heartbeat, a typed event
with a retry, a multi-line JSON document, an id-only block):

  $ printf ':\nevent: update\nretry: 5000\nid: urn:uuid:1\ndata: {"@id":"/wines/1","stock":3}\n\n' > rec.sse
  $ printf 'id: urn:uuid:2\ndata: {\ndata:   "@id": "/wines/2"\ndata: }\n\nid: urn:uuid:3\n\n' >> rec.sse
  $ printf 'id: urn:uuid:4\ndata: plain text\n\n' >> rec.sse

JSON Lines by default, one object per event:

  $ mercure-sub --input rec.sse
  {"id":"urn:uuid:1","type":"update","data":"{\"@id\":\"/wines/1\",\"stock\":3}","retry":5000}
  {"id":"urn:uuid:2","type":"message","data":"{\n  \"@id\": \"/wines/2\"\n}","retry":null}
  {"id":"urn:uuid:4","type":"message","data":"plain text","retry":null}

The same from standard input:

  $ cat rec.sse | mercure-sub --input -
  {"id":"urn:uuid:1","type":"update","data":"{\"@id\":\"/wines/1\",\"stock\":3}","retry":5000}
  {"id":"urn:uuid:2","type":"message","data":"{\n  \"@id\": \"/wines/2\"\n}","retry":null}
  {"id":"urn:uuid:4","type":"message","data":"plain text","retry":null}

--json-data puts data that parses as JSON in as JSON:

  $ mercure-sub --input rec.sse --json-data
  {"id":"urn:uuid:1","type":"update","data":{"@id":"/wines/1","stock":3},"retry":5000}
  {"id":"urn:uuid:2","type":"message","data":{"@id":"/wines/2"},"retry":null}
  {"id":"urn:uuid:4","type":"message","data":"plain text","retry":null}

--format data prints the data alone, a line each:

  $ mercure-sub --input rec.sse --format data
  {"@id":"/wines/1","stock":3}
  {
    "@id": "/wines/2"
  }
  plain text

--format raw passes the stream through:

  $ mercure-sub --input rec.sse --format raw | cmp - rec.sse && echo same
  same

--max-events and --until-id stop early:

  $ mercure-sub --input rec.sse -n 2 --format data
  {"@id":"/wines/1","stock":3}
  {
    "@id": "/wines/2"
  }
  $ mercure-sub --input rec.sse --until-id urn:uuid:1 -f data
  {"@id":"/wines/1","stock":3}
  $ mercure-sub --input rec.sse --until-id urn:uuid:1 -f raw
  :
  event: update
  retry: 5000
  id: urn:uuid:1
  data: {"@id":"/wines/1","stock":3}
  

A stream cut in the middle of an event never prints half of it, in any
format:

  $ printf 'data: whole\n\ndata: half' > cut.sse
  $ mercure-sub --input cut.sse
  {"id":"","type":"message","data":"whole","retry":null}
  $ mercure-sub --input cut.sse -f data
  whole
  $ mercure-sub --input cut.sse -f raw
  data: whole
  

Line ends may be CRLF, CR or LF; a leading BOM is skipped; invalid UTF-8
becomes U+FFFD so every line is JSON:

  $ printf '\357\273\277data: a\r\ndata: b\rdata: c\n\ndata: \377\n\n' | mercure-sub --input -
  {"id":"","type":"message","data":"a\nb\nc","retry":null}
  {"id":"","type":"message","data":"\xef\xbf\xbd","retry":null} (esc)

An event over --max-event-size is an error (exit 65), never unbounded
memory:

  $ printf 'data: 0123456789\n\n' | mercure-sub --input - --max-event-size 8
  mercure-sub: event or line longer than 8 bytes
  [65]
  $ head -c 3000 /dev/zero | tr '\0' x | sed 's/^/data: /' | mercure-sub --input - --max-event-size 1K -f raw
  mercure-sub: event or line longer than 1024 bytes
  [65]

A missing file:

  $ mercure-sub --input nowhere.sse
  mercure-sub: cannot open 'nowhere.sse': No such file or directory
  [66]

--timeout also ends a quiet pipe: exit 0 after events, 1 when none came:

  $ (printf 'data: a\n\n'; sleep 1) | mercure-sub --input - --timeout 200ms
  {"id":"","type":"message","data":"a","retry":null}
  $ (printf ':\n'; sleep 1) | mercure-sub --input - --timeout 200ms
  [1]
