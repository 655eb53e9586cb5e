mercure-hub under many random subscribers (random selectors, random token
grants, anonymous ones) and many random updates, public and private with
alternate topics: each subscriber gets exactly the updates the protocol
says, once each and in order (tests/stress/hubstress.py has the rules).

  $ . "$TESTDIR/hub.sh"
  $ hub_start --jwt-key="$KEY" --allow-anonymous --quiet
  $ S="$TESTDIR/../../stress/hubstress.py"
  $ python3 "$S" leak "$PORT" "$KEY" --seed 1
  leak: 80 subscribers, 400 updates, 8662 deliveries checked
  $ python3 "$S" leak "$PORT" "$KEY" --seed 2 --subscribers 40 --updates 300
  leak: 40 subscribers, 300 updates, \d+ deliveries checked (re)
  $ hub_stop
