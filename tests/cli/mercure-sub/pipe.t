A reader that goes away is a normal end: `mercure-sub | head -1` prints
one line and both exit 0, with nothing on stderr:

  $ for i in $(seq 50000); do printf 'id: %d\ndata: event number %d\n\n' $i $i; done > many.sse
  $ mercure-sub --input many.sse | head -n 1; echo "${PIPESTATUS[@]}"
  {"id":"1","type":"message","data":"event number 1","retry":null}
  0 0
  $ cat many.sse | mercure-sub --input - -f data | head -n 1; echo "${PIPESTATUS[@]:1}"
  event number 1
  0 0
  $ mercure-sub --input many.sse -f raw | head -n 1; echo "${PIPESTATUS[@]}"
  id: 1
  0 0

The JSON Lines go well into jq:

  $ mercure-sub --input many.sse -n 3 | jq -r .data
  event number 1
  event number 2
  event number 3
