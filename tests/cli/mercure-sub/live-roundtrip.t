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

  $ stop_hub
