#!/usr/bin/env python3
"""Captures nats-server's answers to publishes into streams, with JetStream's headers, as reference
data for natsj's publish checks. Usage: scripts/capture-pub-acks.py OUT.jsonl (starts
/usr/sbin/nats-server -js on a free port with a temporary store directory). Each row: the stream
setup step or the publish (subject, headers as a list of [name, value], payload) and the exact answer."""
import json, socket, subprocess, sys, tempfile, time

STEPS = [
    ("create", "ORDERS", {"name": "ORDERS", "subjects": ["orders.*"], "max_msg_size": 200, "duplicate_window": 60000000000}, None),
    ("create", "ROLL", {"name": "ROLL", "subjects": ["roll.*"], "allow_rollup_hdrs": True}, None),
    ("create", "HUB", {"name": "HUB", "subjects": ["hub.>"]}, None),
    ("pub", "orders.new", [], "first"),
    ("pub", "orders.new", [["Nats-Msg-Id", "id-1"]], "second"),
    ("pub", "orders.new", [["Nats-Msg-Id", "id-1"]], "second again"),
    ("pub", "orders.old", [["Nats-Msg-Id", "  id-2  "]], "padded id"),
    ("pub", "orders.new", [["Nats-Expected-Stream", "ORDERS"]], "right stream"),
    ("pub", "orders.new", [["Nats-Expected-Stream", "OTHER"]], "wrong stream"),
    ("pub", "orders.new", [["Nats-Expected-Last-Sequence", "4"]], "right last seq"),
    ("pub", "orders.new", [["Nats-Expected-Last-Sequence", "1"]], "wrong last seq"),
    ("pub", "orders.new", [["Nats-Expected-Last-Sequence", "x1"]], "bad last seq"),
    ("pub", "orders.old", [["Nats-Expected-Last-Subject-Sequence", "3"]], "right subject seq"),
    ("pub", "orders.old", [["Nats-Expected-Last-Subject-Sequence", "1"]], "wrong subject seq"),
    ("pub", "orders.none", [["Nats-Expected-Last-Subject-Sequence", "0"]], "no previous on subject"),
    ("pub", "orders.new", [["Nats-Msg-Id", "id-3"]], "with id"),
    ("pub", "orders.new", [["Nats-Expected-Last-Msg-Id", "id-3"]], "right last id"),
    ("pub", "orders.new", [["Nats-Expected-Last-Msg-Id", "id-9"]], "wrong last id"),
    ("pub", "orders.new", [["nats-msg-id", "lower"]], "lowercase header name"),
    ("pub", "orders.new", [["X-Note", "Nats-Msg-Id: inside"], ["Nats-Msg-Id", "id-4"]], "name inside a value first"),
    ("pub", "orders.new", [], "x" * 201),
    ("pub", "orders.new", [["Nats-Rollup", "sub"]], "rollup not allowed"),
    ("pub", "roll.a", [], "a1"),
    ("pub", "roll.a", [], "a2"),
    ("pub", "roll.a", [["Nats-Rollup", "SUB"]], "a rolled"),
    ("pub", "roll.b", [["Nats-Rollup", "all"]], "all rolled"),
    ("pub", "roll.b", [["Nats-Rollup", "nope"]], "bad rollup"),
    ("info", "ROLL", None, None),
    ("pub", "hub.x", [["Nats-Expected-Stream", "HUB"], ["Nats-Msg-Id", "h1"]], "hub"),
]

def main(out):
    store = tempfile.mkdtemp()
    port = free_port()
    srv = subprocess.Popen(["/usr/sbin/nats-server", "-js", "-sd", store, "-a", "127.0.0.1", "-p", str(port)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        s = connect(port)
        with open(out, "w") as f:
            for i, (kind, what, hdrs, payload) in enumerate(STEPS):
                if kind == "create":
                    answer = request(s, "$JS.API.STREAM.CREATE." + what, json.dumps(hdrs).encode(), None, i)
                elif kind == "info":
                    answer = request(s, "$JS.API.STREAM.INFO." + what, b"", None, i)
                else:
                    answer = request(s, what, payload.encode(), hdrs, i)
                f.write(json.dumps({"step": kind, "subject": what, "headers": hdrs if kind == "pub" else None,
                                    "payload": payload if kind == "pub" else None,
                                    "config": hdrs if kind == "create" else None, "answer": answer}) + "\n")
    finally:
        srv.terminate()
        srv.wait()

def free_port():
    with socket.socket() as t:
        t.bind(("127.0.0.1", 0))
        return t.getsockname()[1]

def connect(port):
    for _ in range(100):
        try:
            s = socket.create_connection(("127.0.0.1", port))
            break
        except OSError:
            time.sleep(0.05)
    s.settimeout(2)
    s.recv(4096)
    s.sendall(b'CONNECT {"verbose":false,"headers":true,"protocol":1}\r\nSUB _INBOX.cap.* 1\r\nPING\r\n')
    buf = b""
    while b"PONG" not in buf:
        buf += s.recv(4096)
    return s

def request(s, subject, data, hdrs, i):
    if hdrs:
        h = b"NATS/1.0\r\n" + b"".join(("%s: %s\r\n" % (k, v)).encode() for k, v in hdrs) + b"\r\n"
        s.sendall(("HPUB %s _INBOX.cap.%d %d %d\r\n" % (subject, i, len(h), len(h) + len(data))).encode() + h + data + b"\r\n")
    else:
        s.sendall(("PUB %s _INBOX.cap.%d %d\r\n" % (subject, i, len(data))).encode() + data + b"\r\n")
    buf = b""
    while True:
        try:
            buf += s.recv(65536)
        except TimeoutError:
            return None
        head, sep, rest = buf.partition(b"\r\n")
        if sep and head.startswith(b"MSG "):
            size = int(head.split()[-1])
            if len(rest) >= size + 2:
                return rest[:size].decode()

if __name__ == "__main__":
    main(sys.argv[1])
