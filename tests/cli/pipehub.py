#!/usr/bin/env python3
"""A raw HTTP/1.1 stand-in hub for pipelined publishing in CLI tests.

    pipehub.py PORTFILE LOG MODE

Listens on a free loopback port and writes it to PORTFILE. Requests are
read as a client pipelines them (head, then Content-Length bytes) and
answered in order with the id "urn:pipe:N", N counting the answers given.
Each answered request is logged as "CONNECTION DATA" (its data field),
and how many requests the stand-in held then (that one included) is
appended to pipe.depth beside PORTFILE.

MODE says how it answers:
  close     every answer says "Connection: close", and the connection ends
            after it (reading what else came, so nothing is reset)
  http10    HTTP/1.0 answers without Content-Length: the body ends with
            the connection
  chunked   a "100 Continue" first, then a chunked body, kept alive
  drop=N    on the first connection, answer N requests, wait until another
            one has come, and close without a word
  slow      answer each request 10 ms after it came
  busy=N    on the first connection, answer the request after the first N
            with 503 "busy" (it gets no id), and go on
  cut=N     on the first connection, answer N requests, then take the next
            one (it is logged and counted) but send only the start of its
            answer, and close
"""
import os
import socket
import sys
import threading
import time
import urllib.parse

portfile, logfile, mode = sys.argv[1], sys.argv[2], sys.argv[3]
depthfile = os.path.join(os.path.dirname(os.path.abspath(portfile)),
                         "pipe.depth")
lock = threading.Lock()
count = {"answers": 0, "conns": 0}


def next_request(conn, buf):
    """(data field, rest of buf), or (None, buf) at the end."""
    while b"\r\n\r\n" not in buf:
        more = conn.recv(65536)
        if not more:
            return None, buf
        buf += more
    head, _, buf = buf.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(buf) < length:
        more = conn.recv(65536)
        if not more:
            return None, buf
        buf += more
    body, buf = buf[:length], buf[length:]
    form = urllib.parse.parse_qs(body.decode(), keep_blank_values=True)
    return form.get("data", [""])[0], buf


def answer(n):
    body = ("urn:pipe:%d" % n).encode()
    if mode == "close":
        return (b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                b"Content-Length: %d\r\nConnection: close\r\n\r\n%s"
                % (len(body), body))
    if mode == "http10":
        return b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n" + body
    if mode == "chunked":
        return (b"HTTP/1.1 100 Continue\r\n\r\n"
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                b"4\r\n%s\r\n%x\r\n%s\r\n0\r\n\r\n"
                % (body[:4], len(body) - 4, body[4:]))
    return (b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s"
            % (len(body), body))


def linger(conn):
    """End the connection without resetting it: the client reads the
    answer, sees the end, and closes its side."""
    conn.shutdown(socket.SHUT_WR)
    while conn.recv(65536):
        pass


def serve(conn):
    with lock:
        count["conns"] += 1
        me = count["conns"]
    limit = None
    if "=" in mode and me == 1:
        limit = int(mode.split("=")[1])
    buf, answered = b"", 0
    try:
        while True:
            data, buf = next_request(conn, buf)
            if data is None:
                break
            if limit is not None and answered == limit and \
                    mode.startswith("drop="):
                conn.close()
                return
            if mode == "slow":
                time.sleep(0.01)
                conn.setblocking(False)
                try:
                    while True:
                        more = conn.recv(65536)
                        if not more:
                            break
                        buf += more
                except BlockingIOError:
                    pass
                conn.setblocking(True)
            with open(depthfile, "a") as f:
                f.write("%d\n" % (1 + buf.count(b"\r\n\r\n")))
            if limit is not None and answered == limit and \
                    mode.startswith("busy="):
                conn.sendall(b"HTTP/1.1 503 Service Unavailable\r\n"
                             b"Content-Length: 5\r\n\r\nbusy\n")
                limit = None
                continue
            with lock:
                count["answers"] += 1
                n = count["answers"]
                with open(logfile, "a") as log:
                    log.write("%d %s\n" % (me, data))
            if limit is not None and answered == limit:
                conn.sendall(answer(n)[:20])
                conn.close()
                return
            conn.sendall(answer(n))
            answered += 1
            if mode in ("close", "http10"):
                linger(conn)
                break
            if limit is not None and answered == limit:
                # Wait for a pipelined request to be there, unanswered.
                while b"\r\n\r\n" not in buf:
                    more = conn.recv(65536)
                    if not more:
                        break
                    buf += more
    except OSError:
        pass
    conn.close()


listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", 0))
listener.listen(16)
with open(portfile + ".tmp", "w") as f:
    f.write(str(listener.getsockname()[1]))
os.rename(portfile + ".tmp", portfile)
while True:
    c, _ = listener.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
