#!/usr/bin/env python3
"""Captures nats-server's answers to $JS.API.STREAM.CREATE for a table of stream configurations, as
reference data for natsj's StreamConfigCheck tests. Usage: scripts/capture-stream-configs.py OUT.jsonl
(starts /usr/sbin/nats-server -js on a free port with a temporary store directory)."""
import json, os, socket, subprocess, sys, tempfile, time

CASES = [
    {"name": "ORDERS", "subjects": ["orders.*"]},
    {"name": "DEFAULTS"},
    {"name": "MEM", "storage": "memory", "subjects": ["mem.>"], "max_msgs": 10, "max_bytes": 1024, "max_age": 3600000000000},
    {"name": "AGE", "subjects": ["age"], "max_age": 30000000000},
    {"name": "AGE2", "subjects": ["age2"], "max_age": 300000000000},
    {"name": "SHORTAGE", "subjects": ["sa"], "max_age": 50000000},
    {"name": "DUP", "subjects": ["dup"], "duplicate_window": 50000000},
    {"name": "DUPNEG", "subjects": ["dupn"], "duplicate_window": -1},
    {"name": "DUPAGE", "subjects": ["dupa"], "max_age": 1000000000, "duplicate_window": 2000000000},
    {"name": "DUPOK", "subjects": ["dupok"], "duplicate_window": 5000000000},
    {"name": "ROLL", "subjects": ["roll"], "deny_purge": True, "allow_rollup_hdrs": True},
    {"name": "ROLLOK", "subjects": ["rollok.>"], "allow_rollup_hdrs": True, "deny_delete": True},
    {"name": "DNP", "subjects": ["dnp"], "discard_new_per_subject": True},
    {"name": "DNP2", "subjects": ["dnp2"], "discard_new_per_subject": True, "discard": "new"},
    {"name": "DNP3", "subjects": ["dnp3"], "discard_new_per_subject": True, "discard": "new", "max_msgs_per_subject": 1},
    {"name": "REPL", "subjects": ["repl"], "num_replicas": 6},
    {"name": "REPLNEG", "subjects": ["repln"], "num_replicas": -1},
    {"name": "REPL3", "subjects": ["repl3"], "num_replicas": 3},
    {"name": "a.b", "subjects": ["x"]},
    {"name": "", "subjects": ["x"]},
    {"name": "DUPSUBJ", "subjects": ["a", "a"]},
    {"name": "JSAPI", "subjects": ["$JS.API.>"]},
    {"name": "BADSUBJ", "subjects": ["a..b"]},
    {"name": "OVERLAP", "subjects": ["ov.*", "ov.x"]},
    {"name": "MIRRORSUBJ", "subjects": ["m"], "mirror": {"name": "ORDERS"}},
    {"name": "MIRRORSRC", "mirror": {"name": "ORDERS"}, "sources": [{"name": "MEM"}]},
    {"name": "MIRROR", "mirror": {"name": "NOPE", "opt_start_seq": 5, "filter_subject": "x"}},
    {"name": "SRC", "sources": [{"name": "A1", "filter_subject": "a.>"}, {"name": "B1", "opt_start_time": "2024-01-02T03:04:05.5Z"}]},
    {"name": "EXT", "sources": [{"name": "A1", "external": {"api": "$JS.other.API", "deliver": "deliver.x"}}]},
    {"name": "EXTWILD", "sources": [{"name": "A1", "external": {"api": "$JS.x.API", "deliver": "deliver.*"}}]},
    {"name": "EXTAPI", "sources": [{"name": "A1", "external": {"api": "$JS.API", "deliver": "d"}}]},
    {"name": "RETI", "subjects": ["reti"], "retention": "interest"},
    {"name": "RETW", "subjects": ["retw"], "retention": "workqueue", "max_consumers": 1},
    {"name": "RETBAD", "subjects": ["retb"], "retention": "Interest"},
    {"name": "DISCU", "subjects": ["discu"], "discard": "NEW"},
    {"name": "STOBAD", "subjects": ["stob"], "storage": 5},
    {"name": "TYPE", "subjects": "notalist"},
    {"name": "REPUB", "subjects": ["rp.>"], "republish": {"src": "rp.>", "dest": "out.>"}},
    {"name": "REPUBDEF", "subjects": ["rpd.>"], "republish": {"dest": "outd.>", "headers_only": True}},
    {"name": "REPUBCYC", "subjects": ["rpc.>"], "republish": {"src": "rpc.>", "dest": "rpc.x.>"}},
    {"name": "REPUBSRC", "subjects": ["rps.>"], "republish": {"src": "other.>", "dest": "o2.>"}},
    {"name": "DESC", "subjects": ["desc"], "description": "an order stream", "max_msg_size": 1024, "no_ack": True, "allow_direct": True, "placement": {"tags": ["a"]}},
    {"name": "SEALEDCREATE", "subjects": ["sealed"], "sealed": True},
    {"name": "MAXCONS", "subjects": ["mc"], "max_consumers": 5, "max_msgs_per_subject": 3},
]

def main(out):
    store = tempfile.mkdtemp()
    port = free_port()
    srv = subprocess.Popen(["/usr/sbin/nats-server", "-js", "-sd", store, "-a", "127.0.0.1", "-p", str(port)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        s = connect(port)
        with open(out, "w") as f:
            for i, cfg in enumerate(CASES):
                name = cfg.get("name", "")
                subject = "$JS.API.STREAM.CREATE." + (name if name else "EMPTY")
                body = json.dumps(cfg)
                resp = request(s, subject, body, i)
                r = json.loads(resp) if resp is not None else {"no_answer": True}
                if r.get("no_answer"):
                    continue
                config = r.get("config")
                f.write(json.dumps({"subject_name": subject.rsplit(".", 1)[1], "request_json": body,
                                    "config_json": raw_member(resp, "config") if config else None,
                                    "error": r.get("error")}) + "\n")
                if "config" in r:
                    request(s, "$JS.API.STREAM.DELETE." + name, "", 1000 + i)
    finally:
        srv.terminate()
        srv.wait()

def raw_member(doc, key):
    """The member's value exactly as nats-server wrote it (Go's escapes kept)."""
    i = doc.index('"%s":' % key) + len(key) + 3
    depth, in_str, esc = 0, False, False
    for j in range(i, len(doc)):
        c = doc[j]
        if in_str:
            if esc:
                esc = False
            elif c == "\\":
                esc = True
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
        elif c in "{[":
            depth += 1
        elif c in "}]":
            depth -= 1
            if depth == 0:
                return doc[i:j + 1]
    raise ValueError(doc)

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

def request(s, subject, body, i):
    data = body.encode()
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
