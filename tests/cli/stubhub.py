#!/usr/bin/env python3
"""A scripted HTTP server standing in for any Mercure hub in CLI tests.

    stubhub.py PORTFILE LOG [SCRIPT]

Listens on a free loopback port and writes it to PORTFILE. Every request
is appended to LOG: the request line with the number of the connection
it came on, the headers a client should send
(accept, cache-control, last-event-id, authorization, cookie,
content-type) and a POST body, each on its own line.

SCRIPT holds one answer per line, used in order by requests of the same
method:  METHOD STATUS CONTENT-TYPE [hold=MS] [BODY]
CONTENT-TYPE "-" sends none; BODY "@FILE" sends a file; otherwise the rest
of the line with backslash escapes (\\n). hold=MS keeps the connection open
that long after the body. GET answers end by closing the connection (an
event stream that ends). When the script runs out, GET gets 204 and POST
gets 200 with the id "urn:stub:N".
"""
import http.server
import os
import sys
import threading
import time

portfile, logfile = sys.argv[1], sys.argv[2]
steps = {"GET": [], "POST": []}
if len(sys.argv) > 3:
    with open(sys.argv[3]) as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                method, rest = line.rstrip("\n").split(" ", 1)
                steps[method].append(rest)
lock = threading.Lock()
posts = [0]
LOGGED = ("accept", "cache-control", "last-event-id", "authorization",
          "cookie", "content-type")


def parse(step):
    parts = step.split(" ", 2)
    status, ctype = int(parts[0]), parts[1] if len(parts) > 1 else "-"
    rest = parts[2] if len(parts) > 2 else ""
    hold = 0
    if rest.startswith("hold="):
        word, _, rest = rest.partition(" ")
        hold = int(word[5:])
    if rest.startswith("@"):
        with open(rest[1:], "rb") as f:
            body = f.read()
    else:
        body = rest.encode().decode("unicode_escape").encode("latin-1")
    return status, ctype, hold, body


conns = [0]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        with lock:
            conns[0] += 1
            self.conn = conns[0]

    def log_message(self, *args):
        pass

    def record(self, body):
        with lock, open(logfile, "a") as log:
            log.write("%s %s (connection %d)\n"
                      % (self.command, self.path, self.conn))
            for name in LOGGED:
                if self.headers.get(name) is not None:
                    log.write("  %s: %s\n" % (name, self.headers[name]))
            if body:
                log.write("  body: %s\n" % body.decode("utf-8", "replace"))

    def answer(self, status, ctype, hold, body, close):
        self.send_response(status)
        if ctype != "-":
            self.send_header("Content-Type", ctype)
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        elif status != 204:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 204:
            self.wfile.write(body)
        self.wfile.flush()
        time.sleep(hold / 1000)

    def do_GET(self):
        self.record(b"")
        with lock:
            step = steps["GET"].pop(0) if steps["GET"] else "204 -"
        status, ctype, hold, body = parse(step)
        self.answer(status, ctype, hold, body, status != 204)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.record(body)
        with lock:
            step = steps["POST"].pop(0) if steps["POST"] else None
            posts[0] += 1
            n = posts[0]
        if step is None:
            step = "200 text/plain urn:stub:%d" % n
        self.answer(*parse(step), close=False)


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
with open(portfile + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(portfile + ".tmp", portfile)
server.serve_forever()
