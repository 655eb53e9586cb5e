Round trips through a real mercure-hub (skipped until it is built).

  $ [ -x "$(command -v mercure-hub)" ] || exit 80
  $ . "$TESTDIR/../helpers.sh"
  $ unset MERCURE_URL MERCURE_PUBLISH_URL MERCURE_JWT_TOKEN MERCURE_JWT_SECRET
  $ key='!ChangeThisMercureHubJWTSecretKey!'
  $ start_hub "$key"

Every field of an update comes back as published; line breaks in the
data (CRLF, CR, LF) arrive as LF and cannot forge fields:

  $ printf 'first\r\nid: forged\revent: forged\n\nlast' > data.txt
  $ mercure-pub --hub "$HUB" --jwt-key "$key" --topic https://example.com/wines/1 \
  >     --id urn:test:1 --type update --retry 5000 --data @data.txt
  urn:test:1
  $ mercure-sub --hub "$HUB" --topic 'https://example.com/wines/{id}' \
  >     --last-event-id earliest --max-events 1 --timeout 5s
  {"id":"urn:test:1","type":"update","data":"first\nid: forged\nevent: forged\n\nlast","retry":5000}

A URI template matches the topic; an unrelated topic gets nothing (exit 1
when the timeout passes with no event):

  $ mercure-sub --hub "$HUB" --topic 'https://example.com/users/{id}' \
  >     --last-event-id earliest --timeout 500ms
  [1]

Pipes into jq, data as JSON:

  $ mercure-pub --hub "$HUB" --jwt-key "$key" --topic https://example.com/wines/2 \
  >     --id urn:test:2 --data '{"@id":"/wines/2","stock":7}'
  urn:test:2
  $ mercure-sub --hub "$HUB" --topic https://example.com/wines/2 \
  >     --last-event-id earliest -n 1 --json-data | jq .data.stock
  7

Private updates reach only subscribers whose token allows the topic:

  $ mercure-pub --hub "$HUB" --jwt-key "$key" --topic https://example.com/orders/9 \
  >     --id urn:test:3 --private --data secret
  urn:test:3
  $ mercure-sub --hub "$HUB" --topic https://example.com/orders/9 \
  >     --last-event-id earliest --timeout 500ms -f data
  [1]
  $ mercure-sub --hub "$HUB" --topic https://example.com/orders/9 --jwt-key "$key" \
  >     --last-event-id earliest --timeout 5s -n 1 -f data
  secret

A token for other topics sees nothing of it, nor does a public-only
subscriber to '*'; a token for the topic works as --jwt and as the
mercureAuthorization cookie too:

  $ other=$(jwt-mint --key "$key" --subscribe https://example.com/orders/8)
  $ mercure-sub --hub "$HUB" --topic https://example.com/orders/9 --jwt "$other" \
  >     --last-event-id earliest --timeout 500ms -f data
  [1]
  $ mercure-sub --hub "$HUB" --topic '*' --last-event-id earliest --timeout 500ms -f data | grep -c secret
  0
  [1]
  $ mine=$(jwt-mint --key "$key" --subscribe 'https://example.com/orders/{id}')
  $ mercure-sub --hub "$HUB" --topic https://example.com/orders/9 --jwt "$mine" \
  >     --last-event-id earliest --timeout 5s -n 1 -f data
  secret
  $ mercure-sub --hub "$HUB" --topic https://example.com/orders/9 --cookie "$mine" \
  >     --last-event-id earliest --timeout 5s -n 1 -f data
  secret

A token the hub cannot verify is refused with the hub's message (exit 77):

  $ mercure-sub --hub "$HUB" --topic https://example.com/orders/9 --jwt-key wrong-key-0123456789abcdef0123 \
  >     --timeout 5s
  mercure-sub: 'http://127.0.0.1:*/.well-known/mercure' answered 401* (glob)
  [77]

Publishing without a token, or with a token for another topic, is refused
(exit 77):

  $ mercure-pub --hub "$HUB" --topic https://example.com/wines/1 --data x
  mercure-pub: 'http://127.0.0.1:*/.well-known/mercure' answered 401* (glob)
  [77]
  $ token=$(jwt-mint --key "$key" --publish https://example.com/other)
  $ mercure-pub --hub "$HUB" --jwt "$token" --topic https://example.com/wines/1 --data x
  mercure-pub: 'http://127.0.0.1:*/.well-known/mercure' answered 40* (glob)
  [77]

--lines publishes 10,000 updates over one connection, and they all come
back in order:

  $ seq 10000 | mercure-pub --hub "$HUB" --jwt-key "$key" --topic https://example.com/bulk --lines | wc -l
  10000
  $ mercure-sub --hub "$HUB" --topic https://example.com/bulk --last-event-id earliest \
  >     -n 10000 --timeout 10s -f data > bulk.txt
  $ seq 10000 | cmp - bulk.txt && echo same
  same

A reader that goes away ends the subscriber quietly, with exit 0, at once
(the replay is more than a pipe holds, so it is writing when head exits):

  $ SECONDS=0
  $ mercure-sub --hub "$HUB" --topic https://example.com/bulk --last-event-id earliest \
  >     --timeout 60s | head -n 1; echo "${PIPESTATUS[0]}"
  {"id":"urn:uuid:*","type":"message","data":"1","retry":null} (glob)
  0
  $ [ "$SECONDS" -lt 30 ] && echo before the timeout
  before the timeout

jq reads the JSON Lines as they come:

  $ mercure-sub --hub "$HUB" --topic https://example.com/bulk --last-event-id earliest \
  >     -n 10000 --timeout 10s | jq -r .data | awk '{ s += $1 } END { print NR, s }'
  10000 50005000

  $ stop_hub
