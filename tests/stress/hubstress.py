#!/usr/bin/env python3
"""Stress checks for mercure-hub, against a hub already running on loopback.

  hubstress.py leak PORT KEY [--seed N] [--subscribers N] [--updates N]
      Many subscribers with random selectors and random token grants,
      many random updates (public and private, with alternate topics):
      every delivery is checked against the protocol's rules, nothing
      missing, nothing extra, each once and in order.

  hubstress.py slow PORT KEY
      One subscriber never reads its socket while others read: the others
      get every update promptly, the slow one is disconnected once its
      backlog passes the hub's bound, and /metrics says why ("slow").

  hubstress.py disconnect PORT KEY
      Clients that go away (closed, reset, half a request, in the middle
      of a stream being written) are noticed: the hub's connection count
      returns to where it was and no subscriber is left.

Prints one summary line and exits 0 when every check holds; otherwise
prints what failed and exits 1. Bounded in count and time; loopback only.
"""
import base64
import hashlib
import hmac
import http.client
import json
import random
import re
import select
import socket
import sys
import threading
import time
import urllib.parse

HUB_PATH = "/.well-known/mercure"
FORM = "application/x-www-form-urlencoded"


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def mint(key, claims):
    """An HS256 JWT with these claims."""
    b = lambda d: base64.urlsafe_b64encode(d).rstrip(b"=").decode()
    hp = b(b'{"alg":"HS256","typ":"JWT"}') + "." + b(json.dumps(claims).encode())
    sig = hmac.new(key.encode(), hp.encode(), hashlib.sha256).digest()
    return hp + "." + b(sig)


class Publisher:
    """Publishes over one kept-alive connection."""

    def __init__(self, port, token):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.token = token

    def publish(self, fields):
        body = urllib.parse.urlencode(fields)
        self.conn.request("POST", HUB_PATH, body,
                          {"Authorization": "Bearer " + self.token,
                           "Content-Type": FORM})
        r = self.conn.getresponse()
        text = r.read().decode()
        if r.status != 200:
            fail("publish answered %d: %s" % (r.status, text))
        return text


def metrics(port):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request("GET", "/metrics")
    text = c.getresponse().read().decode()
    c.close()
    out = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, value = line.rsplit(" ", 1)
            out[name] = float(value)
    return out


class Stream:
    """One subscriber: an HTTP/1.1 GET read as chunks, then SSE events."""

    def __init__(self, port, query, token=None, rcvbuf=None, read=True):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if rcvbuf:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock.connect(("127.0.0.1", port))
        head = "GET %s?%s HTTP/1.1\r\nHost: hub\r\n" % (HUB_PATH, query)
        if token:
            head += "Authorization: Bearer %s\r\n" % token
        self.sock.sendall((head + "\r\n").encode())
        self.raw = bytearray()   # bytes not yet de-chunked
        self.body = bytearray()  # de-chunked stream not yet split in events
        self.head = None
        self.events = []         # (id, data) in arrival order
        self.ended = False       # terminating chunk or connection closed
        self.last_at = None
        self.reading = read

    def fileno(self):
        return self.sock.fileno()

    def feed(self):
        """Read what is available; False once the connection is closed."""
        try:
            d = self.sock.recv(1 << 20)
        except ConnectionResetError:
            d = b""
        if not d:
            self.ended = True
            return False
        self.raw += d
        self._parse()
        return True

    def _parse(self):
        if self.head is None:
            i = self.raw.find(b"\r\n\r\n")
            if i < 0:
                return
            self.head = bytes(self.raw[:i]).decode()
            del self.raw[:i + 4]
            if not self.head.startswith("HTTP/1.1 200"):
                fail("subscribe answered: " + self.head.splitlines()[0])
        while True:
            i = self.raw.find(b"\r\n")
            if i < 0:
                return
            size = int(self.raw[:i], 16)
            if len(self.raw) < i + 2 + size + 2:
                return
            self.body += self.raw[i + 2:i + 2 + size]
            del self.raw[:i + 2 + size + 2]
            if size == 0:
                self.ended = True
                return
            self._events()

    def _events(self):
        while True:
            i = self.body.find(b"\n\n")
            if i < 0:
                return
            block = bytes(self.body[:i]).decode()
            del self.body[:i + 2]
            ev_id, data = None, []
            for line in block.split("\n"):
                if line.startswith("id: "):
                    ev_id = line[4:]
                elif line.startswith("data: "):
                    data.append(line[6:])
            if ev_id is not None:
                self.events.append((ev_id, "\n".join(data)))
                self.last_at = time.monotonic()

    def close(self):
        self.sock.close()


def pump(streams, until, timeout):
    """Read every reading stream until until() holds or timeout passes."""
    deadline = time.monotonic() + timeout
    while not until():
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        live = [s for s in streams if s.reading and not s.ended]
        if not live:
            return until()
        ready, _, _ = select.select(live, [], [], min(left, 0.2))
        for s in ready:
            s.feed()
    return True


# ---- leak: private updates reach exactly whom they may -------------------

VAR = r"(?:[A-Za-z0-9\-._~,]|%[0-9A-Fa-f]{2})*"


def selector_regex(sel):
    """The hub's 0.x matching for the few selector shapes used here."""
    if sel == "*":
        return re.compile(r".*", re.S)
    if "{" not in sel:
        return None  # exact
    out, i = "", 0
    for m in re.finditer(r"\{([/?]?)([a-z]+)\}", sel):
        out += re.escape(sel[i:m.start()])
        if m.group(1) == "/":
            out += "(?:/%s)?" % VAR
        elif m.group(1) == "?":  # names are not checked, "=" allowed
            out += r"(?:\?%s)?" % VAR.replace(",]", ",=]")
        else:
            out += "(?:%s)?" % VAR
        i = m.end()
    return re.compile(out + re.escape(sel[i:]) + r"\Z", re.S)


def matches(sel, compiled, topic):
    return topic == sel or (compiled is not None and compiled.match(topic))


def leak(port, key, seed, nsubs, nupdates):
    rnd = random.Random(seed)
    base = "https://ex.com/"
    kinds = ["wines", "regions", "users"]
    topics = ([base + "%s/%d" % (k, n) for k in kinds for n in range(1, 5)] +
              [base + "wines/1/x", base + "wines/a%2Fb", "urn:x:1", "urn:x:2",
               base + "users/alice/?topic=" + urllib.parse.quote(base + "wines/1", safe="")])
    selectors = (topics + ["*", base + "wines/{id}", base + "{kind}/1",
                           base + "users{/id}", base + "users/alice/{?topic}",
                           base + "{kind}/{id}", base + "wines/{id}/x"])
    compiled = {s: selector_regex(s) for s in selectors}
    end = "urn:end"

    subs = []
    for i in range(nsubs):
        chosen = rnd.sample(selectors, rnd.randint(1, 4))
        roll = rnd.random()
        if roll < 0.2:
            grant = None  # anonymous
        elif roll < 0.3:
            grant = ["*"]
        else:
            grant = rnd.sample(selectors, rnd.randint(0, 3))
        if grant is None:
            token = None
        elif rnd.random() < 0.1:
            token = mint(key, {"sub": "no-claim"})
            grant = []
        else:
            token = mint(key, {"mercure": {"subscribe": grant}})
        q = "&".join("topic=" + urllib.parse.quote(s, safe="") for s in chosen)
        # Some subscribe with the 1.0 spelling for exact topics.
        q += "&" + ("match=" if rnd.random() < 0.5 else "topic=") + end
        s = Stream(port, q, token)
        s.selectors, s.grant = chosen, grant or []
        subs.append(s)
    # Every subscription is live once its head (and first comment) came.
    if not pump(subs, lambda: all(s.head is not None for s in subs), 20):
        fail("not every subscriber was accepted")

    pub = Publisher(port, mint(key, {"mercure": {"publish": ["*"]}}))
    updates = []
    for n in range(nupdates):
        ts = rnd.sample(topics, rnd.choice([1, 1, 1, 2, 3]))
        private = rnd.random() < 0.6
        fields = [("topic", t) for t in ts] + [("data", "u%d" % n),
                                               ("id", "u%d" % n)]
        if private:
            fields.append(("private", "on"))
        pub.publish(fields)
        updates.append(("u%d" % n, ts, private))
    pub.publish([("topic", end), ("id", "end"), ("data", "end")])

    if not pump(subs, lambda: all(s.events and s.events[-1][0] == "end"
                                  for s in subs), 60):
        late = [i for i, s in enumerate(subs)
                if not s.events or s.events[-1][0] != "end"]
        fail("subscribers %s never got the end marker" % late[:10])

    deliveries = 0
    for i, s in enumerate(subs):
        want = []
        for uid, ts, private in updates:
            routed = any(matches(sel, compiled[sel], t)
                         for sel in s.selectors for t in ts)
            allowed = not private or any(matches(g, compiled[g], t)
                                         for g in s.grant for t in ts)
            if routed and allowed:
                want.append(uid)
        got = [e[0] for e in s.events[:-1]]
        if got != want:
            extra = sorted(set(got) - set(want))
            missing = sorted(set(want) - set(got))
            fail("subscriber %d (selectors %s, grant %s): extra %s, missing "
                 "%s, order or duplicates %s" % (
                     i, s.selectors, s.grant, extra[:5], missing[:5],
                     not extra and not missing))
        for e in s.events[:-1]:
            if e[1] != e[0]:
                fail("subscriber %d: event %s carried data %r" % (i, e[0], e[1]))
        deliveries += len(got)
        s.close()
    print("leak: %d subscribers, %d updates, %d deliveries checked" % (
        nsubs, nupdates, deliveries))


# ---- slow: one reader stalls, the others do not notice -------------------

def slow(port, key):
    token = mint(key, {"mercure": {"publish": ["*"], "subscribe": ["*"]}})
    before = metrics(port)
    fast = [Stream(port, "topic=t") for _ in range(4)]
    stalled = Stream(port, "topic=t", rcvbuf=4096, read=False)
    if not pump(fast, lambda: all(s.head is not None for s in fast), 10):
        fail("fast subscribers not accepted")
    time.sleep(0.2)  # the stalled one too
    if metrics(port)["mercure_subscribers"] != 5:
        fail("five subscribers expected")

    # Publish in a thread while the fast ones read: 12 MB in all, far more
    # than socket buffers and the 1 MiB queue bound hold.
    n, size = 200, 64 * 1024
    data = "x" * size
    times = {}

    def publish_all():
        pub = Publisher(port, token)
        for i in range(n):
            times[i] = time.monotonic()
            pub.publish([("topic", "t"), ("id", "e%d" % i), ("data", data)])
        times["done"] = time.monotonic()

    t = threading.Thread(target=publish_all)
    start = time.monotonic()
    t.start()
    ok = pump(fast, lambda: all(len(s.events) == n for s in fast), 60)
    t.join(60)
    if not ok:
        fail("fast subscribers got %s of %d updates" % (
            [len(s.events) for s in fast], n))
    for s in fast:
        if [e[0] for e in s.events] != ["e%d" % i for i in range(n)]:
            fail("a fast subscriber missed or reordered updates")
        if len(s.events[-1][1]) != size:
            fail("an update arrived cut")
    # Promptly: the last update reached every fast reader within a second
    # of its publication, whatever the stalled one did.
    lag = max(s.last_at for s in fast) - times[n - 1]
    if lag > 1.0:
        fail("fast subscribers got the last update %.2fs after it was "
             "published" % lag)
    after = metrics(port)
    slow_closed = (after['http_disconnects_total{reason="slow"}'] -
                   before['http_disconnects_total{reason="slow"}'])
    if slow_closed != 1:
        fail("expected one slow disconnect, /metrics says %d" % slow_closed)
    if after["mercure_subscribers"] != 4:
        fail("the stalled subscriber is still counted")
    # What the stalled reader finally reads ends before the end of the
    # updates: it was cut off, not kept.
    stalled.reading = True
    pump([stalled], lambda: stalled.ended, 20)
    if not stalled.ended:
        fail("the stalled subscriber's connection was not closed")
    if len(stalled.events) >= n:
        fail("the stalled subscriber got everything; it was never slow")
    for s in fast:
        s.close()
    stalled.close()
    print("slow: 4 readers got %d updates of %d KiB each, the last %.0f ms "
          "after it was published; the stalled one was cut off after %d" % (
              n, size // 1024, lag * 1000, len(stalled.events)))


# ---- disconnect: clients that go away are noticed ------------------------

def wait_metric(port, name, value, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        m = metrics(port)
        if m[name] == value:
            return m
        time.sleep(0.1)
    fail("%s stayed %s, expected %s" % (name, metrics(port)[name], value))


def disconnect(port, key):
    token = mint(key, {"mercure": {"publish": ["*"], "subscribe": ["*"]}})
    base = metrics(port)["http_connections"]  # the metrics request itself
    n = 0
    # Subscribers: half close, half reset (SO_LINGER 0).
    subs = [Stream(port, "topic=t%d" % (i % 7), token) for i in range(100)]
    pump(subs, lambda: all(s.head is not None for s in subs), 20)
    wait_metric(port, "mercure_subscribers", 100, 10)
    for i, s in enumerate(subs):
        if i % 2:
            s.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                              b"\x01\x00\x00\x00\x00\x00\x00\x00")
        s.close()
    n += len(subs)
    wait_metric(port, "mercure_subscribers", 0, 10)
    # Clients that send half a request, or a request and leave before the
    # answer, or connect and say nothing.
    socks = []
    for i in range(60):
        c = socket.create_connection(("127.0.0.1", port))
        if i % 3 == 0:
            c.sendall(b"POST /.well-known/mercure HTTP/1.1\r\nHost: x\r\n"
                      b"Content-Length: 100\r\n\r\ntopic=")
        elif i % 3 == 1:
            c.sendall(b"GET /.well-known/mercure?topic=a HTTP/1.1\r\nHost: x\r\n\r\n")
        socks.append(c)
    time.sleep(0.3)
    for c in socks:
        c.close()
    n += len(socks)
    # Subscribers that vanish while updates are being written to them.
    subs = [Stream(port, "topic=busy", token) for _ in range(20)]
    pump(subs, lambda: all(s.head is not None for s in subs), 20)
    pub = Publisher(port, token)
    for i in range(50):
        pub.publish([("topic", "busy"), ("data", "y" * 20000)])
        if i == 10:
            for s in subs:
                s.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                  b"\x01\x00\x00\x00\x00\x00\x00\x00")
                s.close()
    n += len(subs)
    pub.conn.close()
    m = wait_metric(port, "http_connections", base, 10)
    if m["mercure_subscribers"] != 0:
        fail("subscribers left: %d" % m["mercure_subscribers"])
    print("disconnect: %d clients went away, connections back to %d" % (
        n, int(base)))


def main():
    args = sys.argv[1:]
    if len(args) < 3 or args[0] not in ("leak", "slow", "disconnect"):
        print(__doc__)
        sys.exit(2)
    what, port, key = args[0], int(args[1]), args[2]
    opts = dict(zip(args[3::2], args[4::2]))
    if what == "leak":
        seed = int(opts.get("--seed", 1))
        try:
            leak(port, key, seed, int(opts.get("--subscribers", 80)),
                 int(opts.get("--updates", 400)))
        except SystemExit:
            print("(seed %d)" % seed)
            raise
    elif what == "slow":
        slow(port, key)
    else:
        disconnect(port, key)


if __name__ == "__main__":
    main()
