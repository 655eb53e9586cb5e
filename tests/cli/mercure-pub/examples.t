The EXAMPLES of mercure-pub(1), run against a scripted stand-in hub.

  $ . "$TESTDIR/../helpers.sh"
  $ unset MERCURE_URL MERCURE_PUBLISH_URL MERCURE_JWT_TOKEN MERCURE_JWT_SECRET
  $ start_stub

Publish the new stock of a wine, with the hub and its key in the
environment:

  $ export MERCURE_PUBLISH_URL="$HUB"
  $ export MERCURE_JWT_SECRET='!ChangeThisMercureHubJWTSecretKey!'
  $ echo '{"stock":3}' | mercure-pub --topic https://example.com/wines/1 --data -
  urn:stub:1
  $ grep body requests.log
    body: topic=https%3A%2F%2Fexample.com%2Fwines%2F1&data=%7B%22stock%22%3A3%7D
  $ logged_claims
  {"mercure": {"publish": ["https://example.com/wines/1"]}}

Publish a private update read from a file, for one user's eyes, with the
key read from a file:

  $ unset MERCURE_PUBLISH_URL MERCURE_JWT_SECRET
  $ echo 'hub key' > hub.key
  $ echo '{"order":42,"state":"shipped"}' > order.json
  $ rm requests.log
  $ mercure-pub --hub "$HUB" \
  >     --jwt-key @hub.key --private --data @order.json \
  >     --topic https://example.com/orders/42 \
  >     --topic https://example.com/users/7/orders
  urn:stub:2
  $ grep body requests.log
    body: topic=https%3A%2F%2Fexample.com%2Forders%2F42&topic=https%3A%2F%2Fexample.com%2Fusers%2F7%2Forders&data=%7B%22order%22%3A42%2C%22state%22%3A%22shipped%22%7D&private=on
  $ grep authorization requests.log | sed 's/.*Bearer //' | jwt-mint verify --key 'hub key' | jq -c .mercure
  {"publish":["https://example.com/orders/42","https://example.com/users/7/orders"]}

Publish each line of a log as an update (tail -f never ends; here the
last two lines):

  $ printf '{"stock":1}\n{"stock":2}\n{"stock":3}\n' > stock.jsonl
  $ tail -n 2 stock.jsonl | mercure-pub --hub "$HUB" --lines --topic https://example.com/stock
  urn:stub:3
  urn:stub:4

Load a large file of updates, 64 in flight, riding out a restart of the
hub (here 1,000 lines, all over one connection):

  $ seq 1000 | sed 's/.*/{"stock":&}/' > stock.jsonl
  $ rm requests.log
  $ mercure-pub --hub "$HUB" \
  >     --jwt-key @hub.key --topic https://example.com/stock \
  >     --lines --pipeline 64 --retries 5 --data @stock.jsonl > ids.txt
  $ cmp ids.txt <(seq 5 1004 | sed 's/^/urn:stub:/') && echo ids in order
  ids in order
  $ grep -o '^POST .*(connection [0-9]*)$' requests.log | uniq -c | sed 's/^ *//'
  1000 POST /.well-known/mercure (connection 4)
  $ stop_stub
