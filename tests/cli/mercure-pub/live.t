Publishing to a real mercure-hub (skipped until it is built), read back
with mercure-sub.

  $ [ -x "$(command -v mercure-hub)" ] || exit 80
  $ . "$TESTDIR/../helpers.sh"
  $ unset MERCURE_URL MERCURE_PUBLISH_URL MERCURE_JWT_TOKEN MERCURE_JWT_SECRET
  $ key='!ChangeThisMercureHubJWTSecretKey!'
  $ start_hub "$key" --transport-url="sqlite://$CRAMTMP/pub-$$.db"
  $ sub() { mercure-sub --hub "$HUB" --last-event-id earliest --timeout 5s "$@"; }

Every field: the first topic is canonical and the others are alternates,
so a subscriber to either gets the update; id, type, retry and UTF-8 data
come back as sent:

  $ mercure-pub --hub "$HUB" --jwt-key "$key" \
  >     --topic https://example.com/wines/1 --topic https://example.com/cellars/2 \
  >     --id urn:pub:1 --type stock --retry 2500 --data 'Château 日本 😀'
  urn:pub:1
  $ sub --topic https://example.com/wines/1 -n 1
  {"id":"urn:pub:1","type":"stock","data":"Ch\xc3\xa2teau \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80","retry":2500} (esc)
  $ sub --topic https://example.com/cellars/2 -n 1 -f data
  Ch\xc3\xa2teau \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80 (esc)

Without --id the hub picks one, and without --data the update has empty
data:

  $ mercure-pub --hub "$HUB" --jwt-key "$key" --topic https://example.com/empty > id.txt
  $ grep -c '^urn:uuid:' id.txt
  1
  $ sub --topic https://example.com/empty -n 1 | jq -c '[.id == "'"$(cat id.txt)"'", .data]'
  [true,""]

A field the hub refuses is a data error with the hub's message (exit 65):

  $ mercure-pub --hub "$HUB" --jwt-key "$key" --topic https://example.com/wines/1 \
  >     --id "$(printf '%02000d' 1)" --data x
  mercure-pub: 'http://127.0.0.1:*/.well-known/mercure' answered 400: 'id' longer than 1024 bytes (glob)
  [65]
  $ mercure-pub --hub "$HUB" --jwt-key "$key" --topic https://example.com/wines/1 \
  >     --retry 99999999999999999999999 --data x
  mercure-pub: 'http://127.0.0.1:*/.well-known/mercure' answered 400: invalid 'retry' field (glob)
  [65]

--lines: 10,000 updates over one connection; the ids it prints are the
ids subscribers see, in the same order, and the data is each line (a CR
before the LF dropped, a last line without LF kept):

  $ seq 10000 | sed 's/$/\r/' > lines.txt
  $ printf 'last' >> lines.txt
  $ : > hub.log
  $ mercure-pub --hub "$HUB" --jwt-key "$key" --topic https://example.com/lines \
  >     --lines --data @lines.txt > ids.txt
  $ for _ in $(seq 50); do [ "$(grep -c 'request="POST' hub.log)" -ge 10001 ] && break; sleep 0.1; done
  $ grep 'request="POST' hub.log | grep -o ' peer=[^ ]*' | uniq -c | sed 's/ *\([0-9]*\) .*/\1/'
  10001
  $ wc -l < ids.txt
  10001
  $ sort -u ids.txt | wc -l
  10001
  $ sub --topic https://example.com/lines -n 10001 > events.jsonl
  $ jq -r .id events.jsonl | cmp - ids.txt && echo same ids
  same ids
  $ (seq 10000; echo last) | cmp - <(jq -r .data events.jsonl) && echo same data
  same data

A reader of the ids that goes away ends --lines quietly (exit 0):

  $ seq 100 | mercure-pub --hub "$HUB" --jwt-key "$key" --topic https://example.com/lines \
  >     --lines | head -n 1 | grep -c '^urn:uuid:'; echo "${PIPESTATUS[0]}"
  1
  0

  $ stop_hub
