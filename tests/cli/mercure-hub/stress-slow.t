mercure-hub with a subscriber that never reads: the others get every
update at once, and the stalled one is cut off once its backlog passes the
bound (lib/bounds.h LIMIT_STREAM_QUEUE_*), counted as "slow".

  $ . "$TESTDIR/hub.sh"
  $ hub_start --jwt-key="$KEY" --allow-anonymous --quiet
  $ python3 "$TESTDIR/../../stress/hubstress.py" slow "$PORT" "$KEY"
  slow: 4 readers got 200 updates of 64 KiB each, the last \d+ ms after it was published; the stalled one was cut off after \d+ (re)
  $ grep -c 'reason=slow' hub.log
  0
  [1]
  $ metric 'http_disconnects_total{reason="slow"}'
  1
  $ hub_stop
