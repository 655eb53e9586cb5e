The EXAMPLES of mercure-sub(1), run against a scripted stand-in hub.

  $ . "$TESTDIR/../helpers.sh"
  $ unset MERCURE_URL MERCURE_JWT_TOKEN MERCURE_JWT_SECRET
  $ printf 'id: urn:uuid:1\ndata: {"@id":"/wines/1","stock":3}\n\nid: urn:uuid:2\ndata: {"@id":"/wines/2","stock":0}\n\n' > recording.sse
  $ cat > script <<EOF
  > GET 200 text/event-stream @recording.sse
  > GET 204 -
  > GET 200 text/event-stream @recording.sse
  > GET 200 text/event-stream hold=2000 :\nid: urn:uuid:9\ndata: {"private":true}\n\n
  > EOF
  $ start_stub script

Print the data of every update to a wine as it happens:

  $ mercure-sub --hub "$HUB" \
  >     --topic 'https://example.com/wines/{id}' | jq -r .data
  mercure-sub: the hub closed the stream; reconnecting
  {"@id":"/wines/1","stock":3}
  {"@id":"/wines/2","stock":0}

Parse what curl receives, printing the data alone:

  $ URL="$HUB?topic=a"
  $ curl -sN -H 'Accept: text/event-stream' "$URL" |
  >     mercure-sub --input - --format data
  {"@id":"/wines/1","stock":3}
  {"@id":"/wines/2","stock":0}

Read a recorded stream with the data as JSON:

  $ mercure-sub --input recording.sse --json-data | jq .data.stock
  3
  0

Wait at most 30 seconds for the next private update, with a token minted
from the hub's key in MERCURE_JWT_SECRET:

  $ export MERCURE_URL="$HUB" MERCURE_JWT_SECRET='!ChangeThisMercureHubJWTSecretKey!'
  $ mercure-sub --topic https://example.com/users/7 --max-events 1 \
  >     --timeout 30s
  {"id":"urn:uuid:9","type":"message","data":"{\"private\":true}","retry":null}
  $ logged_claims
  {"mercure": {"subscribe": ["https://example.com/users/7"]}}
  $ stop_stub
