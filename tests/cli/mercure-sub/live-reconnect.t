Reconnection to a real mercure-hub that restarts (skipped until the hub is
built): the subscriber comes back with Last-Event-ID, so no event is lost
or printed twice.

  $ [ -x "$(command -v mercure-hub)" ] || exit 80
  $ . "$TESTDIR/../helpers.sh"
  $ unset MERCURE_URL MERCURE_PUBLISH_URL MERCURE_JWT_TOKEN MERCURE_JWT_SECRET
  $ key='!ChangeThisMercureHubJWTSecretKey!'
  $ start_hub "$key"
  $ mercure-pub --hub "$HUB" --jwt-key "$key" -t https://example.com/r --id urn:r:1 -d one
  urn:r:1
  $ mercure-sub --hub "$HUB" -t https://example.com/r --last-event-id earliest \
  >     --reconnect-delay 100ms --max-events 3 --timeout 20s -f data > got.txt 2> notices.txt &
  $ sub=$!
  $ sleep 1

Connected, it has loaded libcurl (which --input never does):

  $ grep -q libcurl "/proc/$sub/maps" && echo mapped
  mapped
  $ mercure-pub --hub "$HUB" --jwt-key "$key" -t https://example.com/r --id urn:r:2 -d two
  urn:r:2
  $ sleep 0.5
  $ stop_hub
  $ start_hub "$key"
  $ sleep 1.5
  $ mercure-pub --hub "$HUB" --jwt-key "$key" -t https://example.com/r --id urn:r:3 -d three
  urn:r:3
  $ wait "$sub"; echo "exit $?"
  exit 0
  $ cat got.txt
  one
  two
  three
  $ grep -c reconnecting notices.txt > /dev/null && echo reconnected
  reconnected

Stopping the hub for good ends a subscriber that has --no-reconnect
(exit 0 after a clean end of the stream, 69 after a lost connection):

  $ mercure-sub --hub "$HUB" -t https://example.com/r --no-reconnect --timeout 10s -f data &
  $ sub=$!
  $ sleep 0.5
  $ stop_hub
  $ wait "$sub"; case $? in 0|69) echo ended;; *) echo "exit $?";; esac
  ended
