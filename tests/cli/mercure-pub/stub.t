Against a scripted stand-in hub (tests/cli/stubhub.py), which answers a
publish with the id "urn:stub:N" unless told otherwise.

  $ . "$TESTDIR/../helpers.sh"
  $ unset MERCURE_URL MERCURE_PUBLISH_URL MERCURE_JWT_TOKEN MERCURE_JWT_SECRET
  $ start_stub

Every field of an update, form-encoded; the id the hub returned is
printed; the token is minted for exactly the topics:

  $ mercure-pub --hub "$HUB" --topic 'https://example.com/wines/1' --topic 'https://example.com/users/7/?topic=x&y' --data '{"stock": 3}' --private --id 'urn:uuid:1' --type update --retry 3000 --jwt-key 'secret'
  urn:stub:1
  $ cat requests.log
  POST /.well-known/mercure (connection 1)
    accept: */*
    authorization: Bearer eyJ* (glob)
    content-type: application/x-www-form-urlencoded
    body: topic=https%3A%2F%2Fexample.com%2Fwines%2F1&topic=https%3A%2F%2Fexample.com%2Fusers%2F7%2F%3Ftopic%3Dx%26y&data=%7B%22stock%22%3A%203%7D&private=on&id=urn%3Auuid%3A1&type=update&retry=3000
  $ logged_claims
  {"mercure": {"publish": ["https://example.com/wines/1", "https://example.com/users/7/?topic=x&y"]}}

Data from standard input (one trailing line feed dropped) or a file, and
a token from MERCURE_JWT_TOKEN:

  $ rm requests.log
  $ echo '{"stock":2}' | MERCURE_JWT_TOKEN=abc.def.ghi mercure-pub --hub "$HUB" -t w -d -
  urn:stub:2
  $ printf 'line one\r\nline two\n' > data.txt
  $ MERCURE_PUBLISH_URL="$HUB" mercure-pub -t w -d @data.txt
  urn:stub:3
  $ cat requests.log
  POST /.well-known/mercure (connection 2)
    accept: */*
    authorization: Bearer abc.def.ghi
    content-type: application/x-www-form-urlencoded
    body: topic=w&data=%7B%22stock%22%3A2%7D
  POST /.well-known/mercure (connection 3)
    accept: */*
    content-type: application/x-www-form-urlencoded
    body: topic=w&data=line%20one%0D%0Aline%20two

--lines publishes one update per line over one kept-alive connection and
prints one id per line:

  $ rm requests.log
  $ printf 'a\r\nb\n\nlast without a line feed' | mercure-pub --hub "$HUB" -t w --lines --type t
  urn:stub:4
  urn:stub:5
  urn:stub:6
  urn:stub:7
  $ cat requests.log
  POST /.well-known/mercure (connection 4)
    accept: */*
    content-type: application/x-www-form-urlencoded
    body: topic=w&data=a&type=t
  POST /.well-known/mercure (connection 4)
    accept: */*
    content-type: application/x-www-form-urlencoded
    body: topic=w&data=b&type=t
  POST /.well-known/mercure (connection 4)
    accept: */*
    content-type: application/x-www-form-urlencoded
    body: topic=w&data=&type=t
  POST /.well-known/mercure (connection 4)
    accept: */*
    content-type: application/x-www-form-urlencoded
    body: topic=w&data=last%20without%20a%20line%20feed&type=t
  $ stop_stub

The hub's refusals, with its message: 401 and 403 exit 77, another 4xx
65; a 5xx is retried with --retries and then exits 69:

  $ cat > script <<EOF
  > POST 401 text/plain Unauthorized\n
  > POST 403 text/plain Forbidden\n
  > POST 400 text/plain Invalid "retry" parameter\n
  > POST 500 text/plain oops\n
  > POST 502 - 
  > POST 503 text/plain busy\n
  > POST 302 text/plain elsewhere
  > EOF
  $ rm -f requests.log; start_stub script
  $ for i in 1 2 3; do mercure-pub --hub "$HUB" -t a -d x; echo "exit $?"; done
  mercure-pub: 'http://127.0.0.1:*/.well-known/mercure' answered 401: Unauthorized (glob)
  exit 77
  mercure-pub: 'http://127.0.0.1:*/.well-known/mercure' answered 403: Forbidden (glob)
  exit 77
  mercure-pub: 'http://127.0.0.1:*/.well-known/mercure' answered 400: Invalid "retry" parameter (glob)
  exit 65
  $ mercure-pub --hub "$HUB" -t a -d x --retries 2
  mercure-pub: 'http://127.0.0.1:*/.well-known/mercure' answered 503: busy (glob)
  [69]
  $ mercure-pub --hub "$HUB" -t a -d x --retries 1
  mercure-pub: 'http://127.0.0.1:*/.well-known/mercure' answered 302: elsewhere (glob)
  [76]
  $ mercure-pub --hub "$HUB" -t a -d x
  urn:stub:8
  $ stop_stub
