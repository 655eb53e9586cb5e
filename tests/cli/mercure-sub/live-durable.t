Reconnection through a hub restart with a durable history (SQLite): what
was published while the subscriber was away is replayed from its
Last-Event-ID, so every event arrives once, in order.

  $ [ -x "$(command -v mercure-hub)" ] || exit 80
  $ . "$TESTDIR/../helpers.sh"
  $ unset MERCURE_URL MERCURE_PUBLISH_URL MERCURE_JWT_TOKEN MERCURE_JWT_SECRET
  $ key='!ChangeThisMercureHubJWTSecretKey!'
  $ db="sqlite://$CRAMTMP/durable-$$.db"
  $ pub() { mercure-pub --hub "$HUB" --jwt-key "$key" -t https://example.com/d "$@"; }
  $ lines() { wc -l < got.txt | tr -d ' '; }
  $ wait_lines() { for _ in $(seq 200); do [ "$(lines)" -ge "$1" ] && return 0; sleep 0.05; done; return 1; }
  $ start_hub "$key" --transport-url="$db"
  $ pub --id urn:d:1 -d one
  urn:d:1

The subscriber replays from the earliest, then waits. Its reconnection
delay (2 to 4 s with jitter) leaves time to publish while it is away:

  $ mercure-sub --hub "$HUB" -t https://example.com/d --last-event-id earliest \
  >     --reconnect-delay 4s --max-events 5 --timeout 30s -f data > got.txt 2> notices.txt &
  $ sub=$!
  $ wait_lines 1 && pub --id urn:d:2 -d two
  urn:d:2
  $ wait_lines 2 && cat got.txt
  one
  two

The hub stops, which ends the stream; it comes back on the same port and
database, and two updates go out before the subscriber reconnects:

  $ stop_hub
  $ start_hub "$key" --transport-url="$db"
  $ pub --id urn:d:3 -d three
  urn:d:3
  $ pub --id urn:d:4 -d four
  urn:d:4
  $ lines
  2

Back with Last-Event-ID urn:d:2, it gets three and four from the history,
then five live, each once:

  $ wait_lines 4 && pub --id urn:d:5 -d five
  urn:d:5
  $ wait "$sub"; echo "exit $?"
  exit 0
  $ cat got.txt
  one
  two
  three
  four
  five
  $ grep -q 'reconnecting' notices.txt && echo reconnected
  reconnected

A subscriber that starts from an id in the history gets what followed it,
across the restart:

  $ mercure-sub --hub "$HUB" -t https://example.com/d --last-event-id urn:d:2 \
  >     --max-events 3 --timeout 5s -f data
  three
  four
  five

The history survives a kill -9 as well:

  $ kill -9 "$HUB_PID"; wait "$HUB_PID" 2>/dev/null
  [137]
  $ start_hub "$key" --transport-url="$db"
  $ mercure-sub --hub "$HUB" -t https://example.com/d --last-event-id earliest \
  >     --max-events 5 --timeout 5s | jq -r .id
  urn:d:1
  urn:d:2
  urn:d:3
  urn:d:4
  urn:d:5
  $ stop_hub
