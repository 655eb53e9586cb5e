mercure-hub notices clients that go away: closed or reset subscribers,
half-sent requests, clients gone before their answer, subscribers reset
while updates are written to them. The connection count returns to where
it was and no subscriber is left.

  $ . "$TESTDIR/hub.sh"
  $ hub_start --jwt-key="$KEY" --quiet
  $ python3 "$TESTDIR/../../stress/hubstress.py" disconnect "$PORT" "$KEY"
  disconnect: 180 clients went away, connections back to 1
  $ hub_stop
