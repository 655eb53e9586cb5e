mercure-hub: which updates a subscription selects: exact topics, URI
templates, "*", several topic= parameters, match=, match_urlpattern=,
alternate topics.

  $ . "$TESTDIR/hub.sh"
  $ hub_start --jwt-key="$KEY" --allow-anonymous

Every subscriber also selects $T/end, the last update, to know when it has
seen everything:

  $ E="topic=$T/end"
  $ sub exact "$HUB?topic=$T/wines/7&$E"
  $ sub tmpl "$HUB?topic=$T/wines/{id}&$E"
  $ sub level4 "$HUB?topic=$T/wines{/id*}{?page}&$E"
  $ sub any "$HUB?topic=*"
  $ sub two "$HUB?topic=$T/wines/7&topic=$T/regions/{name}&$E"
  $ sub match "$HUB?match=$T/wines/7%2Fx&match=$T/end"
  $ sub mixed "$HUB?topic=$T/wines/{id}&match=$T/wines/7%2Fx&topic=$T/wines/7&$E"
  $ sub literal "$HUB?match=$T/wines/{id}&$E"
  $ sub explicit "$HUB?match_exact=$T/wines/{id}&$E"
  $ sub other "$HUB?topic=$T/unrelated&$E"
  $ sub pattern "$HUB?match_urlpattern=$T/wines/:id&match=$T/end"
  $ sub regexp "$HUB?match_urlpattern=$T/wines/:id(%5Cd%2B)&match_urlpattern=$T/end"
  $ sub starpat "$HUB?match_urlpattern=*"

  $ for t in wines/7 wines/7/x wines/ wines/a%252Fb regions/loire \
  >          'wines?page=2' wines/8/9 WINES/7 'wines/{id}'; do
  >   pub "$PUB" -d "topic=$T/$t" -d "data=$t" >/dev/null
  > done

An update reaches a subscriber when any of its topics (the canonical one
or an alternate) matches any of the subscriber's selectors, and once only:

  $ pub "$PUB" -d topic=$T/nobody -d topic=$T/unrelated -d topic=$T/wines/9 -d data=alternates >/dev/null
  $ pub "$PUB" -d topic=$T/end -d data=end >/dev/null
  $ all="exact tmpl level4 any two match mixed literal explicit other pattern regexp starpat"
  $ for s in $all; do wait_for $s '^data: end$'; done

{id} matches one path segment (unreserved characters and %-escapes), not
/wines/7/x; a template also matches itself, byte for byte; match= (or
match_exact=) is an exact comparison, never a template. A URL pattern's
:id is one non-empty path segment of the topic parsed as a URL (so the
path's case counts, and "{id}" is %7Bid%7D, a segment), :id(\d+) takes
a regexp, and "*" alone is the wildcard, not a pattern:

  $ for s in $all; do
  >   echo "$s: $(sse $s | sed -n 's/^data: //p' | tr '\n' ' ')"
  > done
  exact: wines/7 end 
  tmpl: wines/7 wines/ wines/a%2Fb wines/{id} alternates end 
  level4: wines/7 wines/7/x wines/ wines/a%2Fb wines?page=2 wines/8/9 alternates end 
  any: wines/7 wines/7/x wines/ wines/a%2Fb regions/loire wines?page=2 wines/8/9 WINES/7 wines/{id} alternates end 
  two: wines/7 regions/loire end 
  match: wines/7/x end 
  mixed: wines/7 wines/7/x wines/ wines/a%2Fb wines/{id} alternates end 
  literal: wines/{id} end 
  explicit: wines/{id} end 
  other: alternates end 
  pattern: wines/7 wines/a%2Fb wines/{id} alternates end 
  regexp: wines/7 alternates end 
  starpat: wines/7 wines/7/x wines/ wines/a%2Fb regions/loire wines?page=2 wines/8/9 WINES/7 wines/{id} alternates end 

The same selector given twice selects once:

  $ sub twice "$HUB?topic=$T/dup&topic=$T/dup&match=$T/dup"
  $ pub "$PUB" -d topic=$T/dup -d data=once -d id=dup
  dup 200
  $ wait_for twice '^data: once$'
  $ sleep 0.2; sse twice
  id: dup
  data: once
  

A subscription needs a topic or a match parameter; other match_ types
are refused (the protocol says they must be), and so is a bad escape:

  $ req "$HUB"
  HTTP/1.1 400 Bad Request
  Server: winestore
  Content-Type: text/plain; charset=utf-8
  X-Content-Type-Options: nosniff
  Content-Length: 37
  
  missing 'topic' or 'match' parameter
  $ req "$HUB?Match_Regex=." | head -n 1
  HTTP/1.1 400 Bad Request
  $ req "$HUB?match_URLPattern=$T/:id" | tail -n 1
  unsupported matcher type 'match_URLPattern'
  $ req "$HUB?match_regex=." | tail -n 1
  unsupported matcher type 'match_regex'
  $ req "$HUB?topic=a&x=%zz" | tail -n 1
  invalid percent-escape at byte 11

Selectors, like topics, are UTF-8 text without control or format
characters:

  $ req "$HUB?topic=a%01" | tail -n 1
  invalid 'topic': not UTF-8 text, or control or format characters
  $ req "$HUB?match=a%E2%80%8E" | tail -n 1
  invalid 'match': not UTF-8 text, or control or format characters
  $ req "$HUB?topic=%FF" | head -n 1
  HTTP/1.1 400 Bad Request
  $ req "$HUB?match_urlpattern=/a%7F" | tail -n 1
  invalid 'match_urlpattern': not UTF-8 text, or control or format characters

A URL pattern the matcher refuses is a 400 with its reason:

  $ req "$HUB?match_urlpattern=$T/books/:id/:id&match=a" | sed -n '1p;$p'
  HTTP/1.1 400 Bad Request
  'match_urlpattern': invalid url pattern: duplicate group name 'id' in the pathname at column 31
  $ req "$HUB?match_urlpattern=/time/12:30" | tail -n 1
  'match_urlpattern': invalid url pattern: '/time/12' is not a valid scheme (write a ':' that ends no scheme as '{\:}') in the protocol at column 1
  $ req "$HUB?match_urlpattern=/b/(a" | tail -n 1
  'match_urlpattern': invalid url pattern: an unclosed regexp group in the pathname at column 4

A relative URL pattern is resolved against the default base URL
http://mercure.invalid/.well-known/mercure, as a relative topic is, so
/books/:id matches the topic /books/2 and the same URL spelled out:

  $ sub rel "$HUB?match_urlpattern=/books/:id&match=$T/end"
  $ pub "$PUB" -d topic=$T/mark -d id=mark
  mark 200
  $ for t in /books/2 /books/2/x http://mercure.invalid/books/3 $T/books/4 books/5 /books/6?q; do
  >   pub "$PUB" -d "topic=$t" -d "data=$t" >/dev/null
  > done
  $ pub "$PUB" -d topic=$T/end -d data=end >/dev/null
  $ wait_for rel '^data: end$'
  $ sse rel | sed -n 's/^data: //p' | tr '\n' ' '; echo
  /books/2 http://mercure.invalid/books/3 /books/6?q end 

Subscribers with the same pattern share one route: each update is
matched against it once, whatever their number:

  $ sub p1 "$HUB?match_urlpattern=$T/shared/:id"
  $ sub p2 "$HUB?match_urlpattern=$T/shared/:id&match_urlpattern=$T/shared/:id"
  $ pub "$PUB" -d topic=$T/shared/1 -d data=shared -d id=shared >/dev/null
  $ for s in p1 p2; do wait_for $s '^data: shared$'; done
  $ sleep 0.2; for s in p1 p2; do sse $s | grep -c '^data: shared$'; done
  1
  1

Reconnecting replays the history's updates the pattern matches:

  $ sub back -H 'Last-Event-ID: mark' "$HUB?match_urlpattern=/books/:id&match_urlpattern=$T/shared/:id&match=$T/end"
  $ wait_for back '^data: shared$'
  $ sub_stop back
  $ head_of back | grep '^Mercure-Last-Event-ID'
  Mercure-Last-Event-ID: mark
  $ sse back | sed -n 's/^data: //p' | tr '\n' ' '; echo
  /books/2 http://mercure.invalid/books/3 /books/6?q end shared 

A selector that is not a valid URI template is a plain string:

  $ sub bad "$HUB?topic=$T/{unclosed"
  $ pub "$PUB" -d "topic=$T/{unclosed" -d data=plain >/dev/null
  $ wait_for bad '^data: plain$'

Too many selectors, or one too long, is a 400, not a crash:

  $ q=$(python3 -c 'print("&".join("topic=t%d" % i for i in range(1001)))')
  $ req "$HUB?$q" | head -n 1
  HTTP/1.1 400 Bad Request
  $ long=$(python3 -c 'print("x" * 4097)')
  $ req "$HUB?topic=$long" | head -n 1
  HTTP/1.1 400 Bad Request

  $ for s in $all twice bad rel p1 p2; do sub_stop $s; done
  $ hub_stop
