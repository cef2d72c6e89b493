#!/usr/bin/env python3
"""Captures nats-server's answers to the consumer API ($JS.API.CONSUMER.CREATE / DURABLE.CREATE /
INFO / NAMES / LIST / DELETE) and the consumer advisories it publishes, as reference data for natsj's
ConsumerConfigJson, ConsumerConfigCheck, ConsumerInfoJson and Advisories tests.

Usage: scripts/capture-consumer-api.py OUT.jsonl

Starts /usr/sbin/nats-server twice on free ports with temporary store directories: a plain
`-js` server, then one from a configuration file with JetStream server limits (max_ack_pending,
max_request_batch), a domain, and an account with its own limits. Each row of OUT.jsonl is one of:
  {"kind":"api","server":..,"subject":..,"body":..,"response":..}  a request and the exact answer
                                                                      (null: no answer in 2 s)
  {"kind":"sub","server":..,"subject":..}    the capturing client subscribed to a deliver subject
  {"kind":"unsub","server":..,"subject":..}  ... and unsubscribed again
  {"kind":"event","server":..,"subject":..,"data":..}  a consumer advisory or metric, exactly
  {"kind":"ack","server":..,"subject":..,"body":..}    an acknowledgement the client sent
Rows are in the order things happened, so a reader can replay the consumers' existence."""
import json, os, socket, subprocess, sys, tempfile, time

SEC = 1_000_000_000
MS = 1_000_000


def api(subject, body):
    return ("api", subject, body if isinstance(body, str) else json.dumps(body))


def create(stream, cfg, consumer=None, legacy_durable=False, filt=None):
    """A create request: new style when consumer is given, DURABLE.CREATE when legacy_durable."""
    if legacy_durable:
        subj = "$JS.API.CONSUMER.DURABLE.CREATE.%s.%s" % (stream, consumer)
    elif consumer is not None:
        subj = "$JS.API.CONSUMER.CREATE.%s.%s" % (stream, consumer) + ("." + filt if filt else "")
    else:
        subj = "$JS.API.CONSUMER.CREATE." + stream
    return api(subj, {"stream_name": stream, "config": cfg})


def durable(stream, name, **cfg):
    cfg = dict(cfg)
    cfg["durable_name"] = name
    return create(stream, cfg, name, legacy_durable=True)


def delete(stream, name):
    return api("$JS.API.CONSUMER.DELETE.%s.%s" % (stream, name), "")


def info(stream, name, body=""):
    return api("$JS.API.CONSUMER.INFO.%s.%s" % (stream, name), body)


def stream(cfg):
    return api("$JS.API.STREAM.CREATE." + cfg["name"], cfg)


def pub(subject, payload):
    return ("pub", subject, payload)


LONG = "L" * 256
DESC = "d" * 4097

PLAIN = [
    stream({"name": "ORDERS", "subjects": ["orders.*"]}),
    stream({"name": "WQ", "subjects": ["wq.>"], "retention": "workqueue"}),
    stream({"name": "INTR", "subjects": ["intr.>"], "retention": "interest"}),
    stream({"name": "MIR", "mirror": {"name": "ORDERS"}}),
    stream({"name": "SRC", "sources": [{"name": "ORDERS"}, {"name": "INTR"}]}),
    stream({"name": "EXT", "sources": [{"name": "X", "external": {"api": "$JS.other.API", "deliver": "ext.dlv"}}]}),
    stream({"name": "MAXC", "subjects": ["maxc"], "max_consumers": 1}),
    stream({"name": "EMPTY", "subjects": ["empty"]}),
    pub("orders.a", "one"), pub("orders.b", "two"), pub("orders.a", "three"),

    # Good pull durables, every ack policy, and most options.
    durable("ORDERS", "P1", ack_policy="explicit"),
    durable("ORDERS", "P2", ack_policy="none"),
    durable("ORDERS", "P3", ack_policy="all"),
    durable("ORDERS", "P4", description="all the options", deliver_policy="last", ack_policy="explicit",
            ack_wait=5 * SEC, max_deliver=5, backoff=[1 * SEC, 2 * SEC], filter_subject="orders.a",
            replay_policy="original", sample_freq="50%", max_waiting=10, max_ack_pending=20, headers_only=True,
            max_batch=7, max_expires=30 * SEC, max_bytes=1024, inactive_threshold=60 * SEC, num_replicas=1,
            mem_storage=True),
    durable("ORDERS", "P5", ack_policy="explicit", max_ack_pending=-1, max_waiting=1, ack_wait=-1),
    durable("ORDERS", "P6"),
    create("ORDERS", {"durable_name": "P7", "ack_policy": "none", "max_ack_pending": 5}, "P7"),
    info("ORDERS", "P1"), info("ORDERS", "P4"), info("ORDERS", "P5"), info("ORDERS", "P7"),
    api("$JS.API.CONSUMER.NAMES.ORDERS", ""),
    api("$JS.API.CONSUMER.LIST.ORDERS", ""),
    delete("ORDERS", "P2"), delete("ORDERS", "P3"), delete("ORDERS", "P4"), delete("ORDERS", "P5"),
    delete("ORDERS", "P6"), delete("ORDERS", "P7"),

    # Push durables.
    durable("ORDERS", "H1", deliver_subject="dlv.h1", ack_policy="explicit"),
    durable("ORDERS", "H2", deliver_subject="dlv.h2", deliver_group="grp", ack_policy="none", idle_heartbeat=1 * SEC,
            flow_control=True, rate_limit_bps=1000000, deliver_policy="new", replay_policy="instant",
            headers_only=True, description="push", max_deliver=3, sample_freq="100"),
    durable("ORDERS", "H3", deliver_subject="dlv.h3", ack_policy="all", max_ack_pending=3, idle_heartbeat=100 * MS),
    info("ORDERS", "H1"), info("ORDERS", "H2"),
    ("sub", "dlv.h1"),
    info("ORDERS", "H1"),
    delete("ORDERS", "H2"), delete("ORDERS", "H3"),

    # Ephemerals: legacy (random name), legacy with a name in the body, new style (named).
    create("ORDERS", {"deliver_subject": "eph.push"}),
    create("ORDERS", {"ack_policy": "explicit"}),
    create("ORDERS", {"name": "E1", "ack_policy": "explicit", "inactive_threshold": 2 * SEC}),
    create("ORDERS", {"ack_policy": "explicit"}, "N1"),
    create("ORDERS", {"ack_policy": "explicit", "name": "OTHER"}, "N2"),
    create("ORDERS", {"ack_policy": "explicit", "durable_name": "N3"}, "N3"),
    create("ORDERS", {"ack_policy": "none", "filter_subject": "orders.a"}, "N4", filt="orders.a"),
    create("ORDERS", {"ack_policy": "none", "filter_subject": "orders.b"}, "N5", filt="orders.a"),
    create("ORDERS", {"ack_policy": "none", "filter_subject": "orders.b"}, "N6", filt="orders"),
    create("ORDERS", {"ack_policy": "none"}, "N7", filt="orders.a"),
    create("ORDERS", {"ack_policy": "none", "name": "a.b"}),
    create("ORDERS", {"ack_policy": "none", "name": "a*"}),
    create("ORDERS", {"ack_policy": "none", "name": LONG}),
    create("ORDERS", {"ack_policy": "none", "direct": True, "deliver_subject": "direct.x"}),
    info("ORDERS", "E1"), info("ORDERS", "N1"), info("ORDERS", "N3"),
    api("$JS.API.CONSUMER.NAMES.ORDERS", ""),

    # Deliver policies and their start options.
    durable("ORDERS", "DP1", deliver_policy="all"),
    durable("ORDERS", "DP2", deliver_policy="undefined"),
    durable("ORDERS", "DP3", deliver_policy="by_start_sequence", opt_start_seq=2),
    durable("ORDERS", "DP4", deliver_policy="by_start_time", opt_start_time="2024-01-02T03:04:05.5Z"),
    durable("ORDERS", "DP5", deliver_policy="by_start_time", opt_start_time="2024-01-02T03:04:05.123456789+01:00"),
    durable("ORDERS", "DP6", deliver_policy="by_start_time", opt_start_time="2024-01-02T03:04:05Z"),
    durable("ORDERS", "DP7", deliver_policy="last_per_subject", filter_subject="orders.*"),
    durable("ORDERS", "DP8", deliver_policy="new", ack_policy="none"),
    durable("ORDERS", "DP9", deliver_policy="by_start_time", opt_start_time="2024-01-02T03:04:05.100-07:30"),
    durable("ORDERS", "DPA", deliver_policy="by_start_sequence", opt_start_seq=18446744073709551615),
    info("ORDERS", "DP5"),
    durable("ORDERS", "BAD1", deliver_policy="all", opt_start_seq=1),
    durable("ORDERS", "BAD2", deliver_policy="all", opt_start_time="2024-01-02T03:04:05Z"),
    durable("ORDERS", "BAD3", deliver_policy="last", opt_start_seq=1),
    durable("ORDERS", "BAD4", deliver_policy="last", opt_start_time="2024-01-02T03:04:05Z"),
    durable("ORDERS", "BAD5", deliver_policy="last_per_subject", opt_start_seq=1, filter_subject="orders.a"),
    durable("ORDERS", "BAD6", deliver_policy="last_per_subject", opt_start_time="2024-01-02T03:04:05Z"),
    durable("ORDERS", "BAD7", deliver_policy="last_per_subject"),
    durable("ORDERS", "BAD8", deliver_policy="new", opt_start_seq=1),
    durable("ORDERS", "BAD9", deliver_policy="new", opt_start_time="2024-01-02T03:04:05Z"),
    durable("ORDERS", "BADA", deliver_policy="by_start_sequence"),
    durable("ORDERS", "BADB", deliver_policy="by_start_sequence", opt_start_seq=1, opt_start_time="2024-01-02T03:04:05Z"),
    durable("ORDERS", "BADC", deliver_policy="by_start_time"),
    durable("ORDERS", "BADD", deliver_policy="by_start_time", opt_start_seq=1, opt_start_time="2024-01-02T03:04:05Z"),

    # Invalid JSON, in the body and in the enums.
    api("$JS.API.CONSUMER.CREATE.ORDERS", ""),
    api("$JS.API.CONSUMER.CREATE.ORDERS", "{"),
    api("$JS.API.CONSUMER.CREATE.ORDERS", "[]"),
    api("$JS.API.CONSUMER.CREATE.ORDERS", "null"),
    api("$JS.API.CONSUMER.CREATE.ORDERS", '{"stream_name":"ORDERS","config":null}'),
    api("$JS.API.CONSUMER.CREATE.ORDERS", '{"stream_name":"ORDERS","config":"x"}'),
    api("$JS.API.CONSUMER.CREATE.ORDERS", '{"stream_name":"ORDERS","config":{"ack_policy":"ALL"}}'),
    api("$JS.API.CONSUMER.CREATE.ORDERS", '{"stream_name":"ORDERS","config":{"ack_policy":"Explicit"}}'),
    api("$JS.API.CONSUMER.CREATE.ORDERS", '{"stream_name":"ORDERS","config":{"ack_policy":null}}'),
    api("$JS.API.CONSUMER.CREATE.ORDERS", '{"stream_name":"ORDERS","config":{"ack_policy":2}}'),
    api("$JS.API.CONSUMER.CREATE.ORDERS", '{"stream_name":"ORDERS","config":{"deliver_policy":"bogus"}}'),
    api("$JS.API.CONSUMER.CREATE.ORDERS", '{"stream_name":"ORDERS","config":{"deliver_policy":"LAST"}}'),
    api("$JS.API.CONSUMER.CREATE.ORDERS", '{"stream_name":"ORDERS","config":{"deliver_policy":null}}'),
    api("$JS.API.CONSUMER.CREATE.ORDERS", '{"stream_name":"ORDERS","config":{"replay_policy":"Instant"}}'),
    api("$JS.API.CONSUMER.CREATE.ORDERS", '{"stream_name":"ORDERS","config":{"replay_policy":""}}'),
    api("$JS.API.CONSUMER.CREATE.ORDERS", '{"stream_name":"ORDERS","config":{"ack_wait":"5s"}}'),
    api("$JS.API.CONSUMER.CREATE.ORDERS", '{"stream_name":"ORDERS","config":{"max_deliver":1.5}}'),
    api("$JS.API.CONSUMER.CREATE.ORDERS", '{"stream_name":"ORDERS","config":{"max_deliver":2.0}}'),
    api("$JS.API.CONSUMER.CREATE.ORDERS", '{"stream_name":"ORDERS","config":{"max_deliver":1e1}}'),
    api("$JS.API.CONSUMER.CREATE.ORDERS", '{"stream_name":"ORDERS","config":{"opt_start_seq":-1}}'),
    api("$JS.API.CONSUMER.CREATE.ORDERS", '{"stream_name":"ORDERS","config":{"opt_start_time":"yesterday"}}'),
    api("$JS.API.CONSUMER.CREATE.ORDERS", '{"stream_name":"ORDERS","config":{"opt_start_time":5}}'),
    api("$JS.API.CONSUMER.CREATE.ORDERS", '{"stream_name":"ORDERS","config":{"backoff":"1s"}}'),
    api("$JS.API.CONSUMER.CREATE.ORDERS", '{"stream_name":"ORDERS","config":{"backoff":["1s"]}}'),
    api("$JS.API.CONSUMER.CREATE.ORDERS", '{"stream_name":"ORDERS","config":{"flow_control":"true"}}'),
    # (A huge max_waiting is left out: nats-server 2.9.10 allocates the wait queue up front and dies.)
    api("$JS.API.CONSUMER.CREATE.ORDERS", '{"stream_name":"ORDERS","config":{"max_waiting":99999999999999999999}}'),
    api("$JS.API.CONSUMER.CREATE.ORDERS", '{"stream_name":5,"config":{}}'),
    api("$JS.API.CONSUMER.CREATE.ORDERS", '{"STREAM_NAME":"ORDERS","Config":{"Ack_Policy":"explicit","DELIVER_SUBJECT":"up.case"},"extra":1}'),
    api("$JS.API.CONSUMER.CREATE.ORDERS", '{"stream_name":"ORDERS","config":{"ack_policy":"none","deliver_policy":null}}'),
    api("$JS.API.CONSUMER.CREATE.ORDERS", '{"stream_name":"ORDERS","config":{"ack_policy":"none","opt_start_time":null,"backoff":null,"description":null}}'),
    api("$JS.API.CONSUMER.CREATE.ORDERS", '{"stream_name":"ORDERS","config":{"ack_policy":"none","max_deliver":3,"backoff":[null,2000000000]}}'),

    # The request subject against the body.
    create("OTHER", {"ack_policy": "none"}),
    api("$JS.API.CONSUMER.CREATE.ORDERS", {"stream_name": "OTHER", "config": {}}),
    api("$JS.API.CONSUMER.CREATE.ORDERS", {"config": {}}),
    create("NOPE", {"ack_policy": "none"}),
    create("NOPE", {"durable_name": "X"}, "X", legacy_durable=True),
    api("$JS.API.CONSUMER.CREATE.ORDERS.a\\b", {"stream_name": "ORDERS", "config": {}}),
    api("$JS.API.CONSUMER.CREATE.ORDERS.a/b", {"stream_name": "ORDERS", "config": {}}),
    api("$JS.API.CONSUMER.DURABLE.CREATE.ORDERS.a/b", {"stream_name": "ORDERS", "config": {"durable_name": "a/b"}}),
    api("$JS.API.CONSUMER.DURABLE.CREATE.ORDERS.D1", {"stream_name": "ORDERS", "config": {}}),
    api("$JS.API.CONSUMER.DURABLE.CREATE.ORDERS.D1", {"stream_name": "ORDERS", "config": {"durable_name": "D2"}}),
    api("$JS.API.CONSUMER.DURABLE.CREATE.ORDERS.D1", {"stream_name": "ORDERS", "config": {"durable_name": "D1", "name": "X"}}),
    api("$JS.API.CONSUMER.DURABLE.CREATE.ORDERS.D1", {"stream_name": "ORDERS", "config": {"durable_name": "D1", "name": "D1"}}),
    api("$JS.API.CONSUMER.CREATE.ORDERS.D2", {"stream_name": "ORDERS", "config": {"durable_name": "D3"}}),
    api("$JS.API.CONSUMER.CREATE.ORDERS", {"stream_name": "ORDERS", "config": {"durable_name": "D4"}}),
    api("$JS.API.CONSUMER.CREATE.ORDERS", {"stream_name": "ORDERS", "config": {"durable_name": "D4", "name": "X"}}),
    api("$JS.API.CONSUMER.CREATE.ORDERS", {"stream_name": "ORDERS", "config": {"ack_policy": "none", "name": "X", "durable_name": ""}}),
    api("$JS.API.CONSUMER.DURABLE.CREATE.ORDERS." + LONG, {"stream_name": "ORDERS", "config": {"durable_name": LONG}}),
    api("$JS.API.CONSUMER.CREATE.ORDERS.n8", {"stream_name": "ORDERS", "config": {"ack_policy": "none", "num_replicas": 2}}),
    api("$JS.API.CONSUMER.CREATE.ORDERS.n8", {"stream_name": "ORDERS", "config": {"ack_policy": "none", "num_replicas": -1}}),
    api("$JS.API.CONSUMER.CREATE.ORDERS.n8", {"stream_name": "ORDERS", "config": {"ack_policy": "none", "num_replicas": 2, "description": DESC}}),
    api("$JS.API.CONSUMER.CREATE.NOPE.n8", {"stream_name": "NOPE", "config": {"ack_policy": "none", "num_replicas": 2}}),
    delete("ORDERS", "D1"), delete("ORDERS", "X"),

    # checkConsumerCfg, in order.
    durable("ORDERS", "C1", backoff=[SEC, 2 * SEC]),
    durable("ORDERS", "C2", backoff=[SEC, 2 * SEC], max_deliver=2),
    durable("ORDERS", "C3", backoff=[SEC, 2 * SEC], max_deliver=3, ack_wait=10 * SEC, ack_policy="none"),
    durable("ORDERS", "C4", description=DESC),
    durable("ORDERS", "C5", description="d" * 4096, ack_policy="none"),
    durable("ORDERS", "C6", deliver_subject="dlv.*"),
    durable("ORDERS", "C7", deliver_subject="dlv.>"),
    durable("ORDERS", "C8", deliver_subject="dlv..x"),
    durable("ORDERS", "C9", deliver_subject="dlv x"),
    durable("ORDERS", "CA", deliver_subject="orders.x"),
    durable("ORDERS", "CB", deliver_subject="orders"),
    durable("ORDERS", "CC", deliver_subject="dlv.cc", max_waiting=5),
    durable("ORDERS", "CD", deliver_subject="dlv.cd", max_ack_pending=10, ack_policy="none"),
    durable("ORDERS", "CE", deliver_subject="dlv.ce", idle_heartbeat=99 * MS),
    durable("ORDERS", "CF", deliver_subject="dlv.cf", flow_control=True),
    durable("ORDERS", "CG", rate_limit_bps=100),
    durable("ORDERS", "CH", max_waiting=-1),
    durable("ORDERS", "CI", idle_heartbeat=SEC),
    durable("ORDERS", "CJ", flow_control=True),
    durable("ORDERS", "CK", max_batch=-1),
    durable("ORDERS", "CL", max_expires=999999),
    durable("ORDERS", "CM", max_expires=-1),
    durable("ORDERS", "CN", direct=True),
    durable("ORDERS", "CO", direct=True, deliver_subject="dlv.co"),
    durable("ORDERS", "CP", filter_subject="other"),
    durable("ORDERS", "CQ", filter_subject="orders.*.x"),
    durable("ORDERS", "CR", filter_subject="orders..a"),
    durable("ORDERS", "CS", filter_subject=">"),
    durable("ORDERS", "CT", filter_subject="orders.>"),
    durable("ORDERS", "CU", filter_subject="*.a"),
    durable("ORDERS", "CV", sample_freq="abc"),
    durable("ORDERS", "CW", sample_freq="-5%"),
    durable("ORDERS", "CX", sample_freq="%"),
    durable("ORDERS", "CY", sample_freq="5%%"),
    durable("ORDERS", "CZ", sample_freq="99999999999999999999"),
    durable("ORDERS", "Ca", sample_freq="+7"),
    durable("ORDERS", "Cb", sample_freq=" 7"),
    durable("ORDERS", "Cc", deliver_subject="dlv.cc2", idle_heartbeat=SEC, flow_control=True, max_waiting=0,
            ack_policy="explicit", max_ack_pending=10),
    durable("ORDERS", "Cd", max_waiting=0, max_batch=0, max_expires=SEC),
    durable("ORDERS", "Ce", deliver_subject="dlv.ce2", rate_limit_bps=18446744073709551615, ack_policy="none"),
    durable("ORDERS", "Cf", deliver_subject="dlv.*.x"),
    durable("ORDERS", "Cg", deliver_subject="dlv.a*"),
    durable("ORDERS", "Ch", filter_subject="orders.a", deliver_policy="last_per_subject", opt_start_seq=0),
    durable("MIR", "M1", filter_subject="orders.a"),
    durable("MIR", "M2", filter_subject="x"),
    durable("SRC", "S1", filter_subject="intr.x"),
    durable("SRC", "S2", filter_subject="x"),
    durable("EXT", "X1", filter_subject="anything"),
    delete("ORDERS", "C3"), delete("ORDERS", "C5"), delete("ORDERS", "CS"), delete("ORDERS", "CT"),
    delete("ORDERS", "CU"), delete("ORDERS", "Ca"), delete("ORDERS", "Cc"), delete("ORDERS", "Cd"),
    delete("ORDERS", "Ce"), delete("ORDERS", "Cg"), delete("ORDERS", "Ch"),

    # Work queue and max consumers (addConsumerWithAssignment).
    durable("WQ", "W0", ack_policy="none"),
    durable("WQ", "W1", ack_policy="all"),
    durable("WQ", "W2", ack_policy="none", deliver_subject="dlv.w2"),
    durable("WQ", "W3", ack_policy="explicit", deliver_policy="last"),
    durable("WQ", "W4", ack_policy="explicit"),
    durable("WQ", "W5", ack_policy="explicit"),
    durable("WQ", "W6", ack_policy="explicit", filter_subject="wq.a"),
    delete("WQ", "W4"),
    durable("WQ", "W7", ack_policy="explicit", filter_subject="wq.a"),
    durable("WQ", "W8", ack_policy="explicit", filter_subject="wq.b.>"),
    durable("WQ", "W9", ack_policy="explicit", filter_subject="wq.*.c"),
    durable("WQ", "WA", ack_policy="explicit", filter_subject="wq.a"),
    durable("WQ", "WB", ack_policy="explicit", filter_subject="wq.a.>"),
    durable("WQ", "W7", ack_policy="explicit", filter_subject="wq.a"),
    durable("WQ", "W7", ack_policy="explicit", filter_subject="wq.c"),
    create("WQ", {"ack_policy": "explicit", "direct": True, "deliver_subject": "dlv.wqd"}),
    durable("INTR", "I1", ack_policy="none"),
    durable("MAXC", "MC1", ack_policy="none"),
    durable("MAXC", "MC2", ack_policy="none"),
    durable("MAXC", "MC1", ack_policy="none", description="update is fine at the limit"),
    api("$JS.API.CONSUMER.NAMES.WQ", ""),

    # Updates of an existing consumer.
    durable("ORDERS", "U1", ack_policy="explicit"),
    durable("ORDERS", "U1", ack_policy="explicit"),
    durable("ORDERS", "U1", ack_policy="explicit", description="changed", ack_wait=10 * SEC, max_deliver=9,
            max_ack_pending=50, sample_freq="20", headers_only=True, filter_subject="orders.b", max_batch=5,
            max_expires=SEC, max_bytes=100, inactive_threshold=3 * SEC, rate_limit_bps=0, backoff=[SEC]),
    info("ORDERS", "U1"),
    durable("ORDERS", "U1", ack_policy="explicit", deliver_policy="last"),
    durable("ORDERS", "U1", ack_policy="explicit", opt_start_seq=3, deliver_policy="by_start_sequence"),
    durable("ORDERS", "U1", ack_policy="none"),
    durable("ORDERS", "U1", ack_policy="explicit", replay_policy="original"),
    durable("ORDERS", "U1", ack_policy="explicit", max_waiting=100),
    durable("ORDERS", "U1", ack_policy="explicit", deliver_subject="dlv.u1"),
    durable("ORDERS", "U1", ack_policy="explicit", backoff=[SEC, SEC], max_deliver=2),
    durable("ORDERS", "U1", ack_policy="explicit", num_replicas=1),
    durable("ORDERS", "U1", ack_policy="explicit", mem_storage=True, deliver_group="g", description="x" * 4097),
    durable("ORDERS", "U1", ack_policy="explicit", mem_storage=True, deliver_group="g"),
    durable("ORDERS", "U2", ack_policy="explicit", deliver_subject="dlv.u2", idle_heartbeat=SEC, flow_control=True),
    durable("ORDERS", "U2", ack_policy="explicit", deliver_subject="dlv.u2", idle_heartbeat=2 * SEC, flow_control=True),
    durable("ORDERS", "U2", ack_policy="explicit", deliver_subject="dlv.u2", idle_heartbeat=SEC),
    durable("ORDERS", "U2", ack_policy="explicit", idle_heartbeat=SEC, flow_control=True),
    durable("ORDERS", "U2", ack_policy="explicit", deliver_subject="dlv.u2b", idle_heartbeat=SEC, flow_control=True),
    ("sub", "dlv.u2b"),
    durable("ORDERS", "U2", ack_policy="explicit", deliver_subject="dlv.u2c", idle_heartbeat=SEC, flow_control=True),
    durable("ORDERS", "U2", ack_policy="explicit", deliver_subject="dlv.u2b", idle_heartbeat=SEC, flow_control=True,
            description="bound"),
    ("unsub", "dlv.u2b"),
    durable("ORDERS", "U2", ack_policy="explicit", deliver_subject="dlv.u2c", idle_heartbeat=SEC, flow_control=True),
    durable("ORDERS", "U3", deliver_policy="by_start_time", opt_start_time="2024-01-02T03:04:05Z"),
    durable("ORDERS", "U3", deliver_policy="by_start_time", opt_start_time="2024-01-02T03:04:05Z"),
    durable("ORDERS", "U3", deliver_policy="by_start_time", opt_start_time="2024-01-02T03:04:05Z", description="x"),
    durable("ORDERS", "U3", deliver_policy="by_start_time", opt_start_time="2024-01-02T04:04:05+01:00"),
    create("ORDERS", {"ack_policy": "explicit"}, "N1"),
    create("ORDERS", {"ack_policy": "explicit", "description": "named ephemeral"}, "N1"),
    create("ORDERS", {"ack_policy": "explicit", "inactive_threshold": 9 * SEC}, "N1"),
    info("ORDERS", "N1"),
    create("ORDERS", {"ack_policy": "explicit", "deliver_policy": "by_start_time", "opt_start_time": "2024-01-02T03:04:05Z"}, "N9"),
    create("ORDERS", {"ack_policy": "explicit", "deliver_policy": "by_start_time", "opt_start_time": "2024-01-02T03:04:05Z"}, "N9"),
    create("ORDERS", {"ack_policy": "explicit", "durable_name": "N1"}, "N1"),
    durable("ORDERS", "N1", ack_policy="explicit"),
    create("ORDERS", {"ack_policy": "explicit", "durable_name": "U1", "name": "U1"}, "U1"),
    create("ORDERS", {"ack_policy": "explicit", "name": "U1"}),
    create("ORDERS", {"ack_policy": "explicit", "name": "N1"}),
    delete("ORDERS", "U2"), delete("ORDERS", "U3"), delete("ORDERS", "N9"),

    # Activity: delivered, ack floor, pending, redelivered, waiting, push bound; and the advisories.
    durable("ORDERS", "ACT", ack_policy="explicit"),
    ("next", "ORDERS", "ACT", {"batch": 2}, ["+ACK", "-NAK"]),
    info("ORDERS", "ACT"),
    ("next", "ORDERS", "ACT", {"batch": 1}, [None]),
    info("ORDERS", "ACT"),
    ("next", "ORDERS", "ACT", {"batch": 1}, ["+TERM"]),
    info("ORDERS", "ACT"),
    durable("ORDERS", "WAIT", ack_policy="explicit", filter_subject="orders.z"),
    ("next", "ORDERS", "WAIT", {"batch": 1, "expires": 60 * SEC}, []),
    info("ORDERS", "WAIT"),
    durable("ORDERS", "MD", ack_policy="explicit", max_deliver=1, ack_wait=100 * MS),
    ("next", "ORDERS", "MD", {"batch": 1}, [None]),
    ("sleep", 0.5),
    ("next", "ORDERS", "MD", {"batch": 3, "expires": 500 * MS}, [None, None, None]),
    ("sleep", 0.6),
    info("ORDERS", "MD"),
    durable("ORDERS", "SAMP", ack_policy="explicit", sample_freq="100%"),
    ("next", "ORDERS", "SAMP", {"batch": 1}, ["+ACK"]),
    durable("ORDERS", "ALL", ack_policy="all"),
    ("next", "ORDERS", "ALL", {"batch": 3}, [None, None, "+ACK"]),
    info("ORDERS", "ALL"),
    ("sleep", 0.3),

    # INFO, NAMES, LIST, DELETE.
    info("ORDERS", "P1", "{}"),
    info("ORDERS", "P1", " {} "),
    info("ORDERS", "P1", '{"x":1}'),
    info("ORDERS", "P1", "{"),
    info("ORDERS", "NOPE"),
    info("NOPE", "P1"),
    api("$JS.API.CONSUMER.NAMES.ORDERS", "{}"),
    api("$JS.API.CONSUMER.NAMES.ORDERS", '{"offset":2}'),
    api("$JS.API.CONSUMER.NAMES.ORDERS", '{"offset":1000}'),
    api("$JS.API.CONSUMER.NAMES.ORDERS", '{"offset":"2"}'),
    api("$JS.API.CONSUMER.NAMES.ORDERS", '{"offset":2.5}'),
    api("$JS.API.CONSUMER.NAMES.ORDERS", '{'),
    api("$JS.API.CONSUMER.NAMES.ORDERS", '[]'),
    api("$JS.API.CONSUMER.NAMES.ORDERS", 'null'),
    api("$JS.API.CONSUMER.NAMES.ORDERS", '{"subject":"x","OFFSET":1}'),
    api("$JS.API.CONSUMER.NAMES.EMPTY", ""),
    api("$JS.API.CONSUMER.NAMES.NOPE", ""),
    api("$JS.API.CONSUMER.NAMES.NOPE", "{"),
    api("$JS.API.CONSUMER.LIST.ORDERS", '{"offset":3}'),
    api("$JS.API.CONSUMER.LIST.ORDERS", '{"offset":1000}'),
    api("$JS.API.CONSUMER.LIST.ORDERS", '{'),
    api("$JS.API.CONSUMER.LIST.EMPTY", ""),
    api("$JS.API.CONSUMER.LIST.NOPE", ""),
    api("$JS.API.CONSUMER.LIST.WQ", ""),
    delete("ORDERS", "P1"),
    delete("ORDERS", "P1"),
    api("$JS.API.CONSUMER.DELETE.ORDERS.H1", "{}"),
    api("$JS.API.CONSUMER.DELETE.ORDERS.H1", '{"x":1}'),
    api("$JS.API.CONSUMER.DELETE.ORDERS.H1", '{'),
    delete("NOPE", "H1"),
    delete("ORDERS", "H1"),
    ("sleep", 0.3),
    # Go's decoding rules, on their own stream: opt_start_time as Go 1.19 parses RFC 3339, repeated
    # keys and objects, nulls, escapes.
    stream({"name": "TIMES", "subjects": ["times"]}),
] + [create("TIMES", {"name": "t%d" % i, "deliver_policy": "by_start_time", "opt_start_time": t}) for i, t in enumerate([
    "2024-01-02T3:04:05Z", "2024-01-02T03:04:05,5Z", "2024-01-02T03:04:05.1234567891Z", "2024-01-02t03:04:05Z",
    "2024-01-02T03:04:05z", "2024-02-30T00:00:00Z", "2024-02-29T00:00:00Z", "2023-02-29T00:00:00Z",
    "2024-00-01T00:00:00Z", "2024-01-00T00:00:00Z", "2024-01-02T24:00:00Z", "2024-01-02T03:04:60Z",
    "2024-01-02T03:04:05", "2024-01-02T03:04:05+0100", "2024-01-02T03:04:05+25:00", "2024-01-02T03:04:05+01:60",
    "2024-01-02T03:04:05+99:99", "2024-1-02T03:04:05Z", "2024-01-02 03:04:05Z", "2024-01-02T03:04:05.Z",
    "2024-01-02T03:04:05ZX", "0000-01-01T00:00:00Z", "2024-01-02T03:4:05Z", "2024-01-02T003:04:05Z",
    "2024-01-02T03:04:05+00:00", "2024-01-02T03:04:05-00:00", "2024-01-02T03:04:05.000Z", "9999-12-31T23:59:59.999999999Z",
])] + [
    api("$JS.API.CONSUMER.CREATE.TIMES", '{"stream_name":"TIMES","config":{"name":"r1","ack_policy":"explicit","ack_policy":"none"}}'),
    api("$JS.API.CONSUMER.CREATE.TIMES", '{"stream_name":"TIMES","config":{"name":"r2","description":"x","description":null}}'),
    api("$JS.API.CONSUMER.CREATE.TIMES", '{"stream_name":"TIMES","config":{"name":"r3","max_deliver":5,"backoff":[1000000000],"backoff":null}}'),
    api("$JS.API.CONSUMER.CREATE.TIMES", '{"stream_name":"TIMES","config":{"name":"r4","deliver_policy":"by_start_time","opt_start_time":"2024-01-02T03:04:05Z","opt_start_time":null}}'),
    api("$JS.API.CONSUMER.CREATE.TIMES", '{"stream_name":"TIMES","config":{"name":"r5"},"config":{"ack_policy":"explicit"}}'),
    api("$JS.API.CONSUMER.CREATE.TIMES", '{"stream_name":"TIMES","config":{"name":"r6","ack_policy":"bad"},"config":{"ack_policy":"explicit"}}'),
    api("$JS.API.CONSUMER.CREATE.TIMES", '{"stream_name":"TIMES","config":{"name":"r7","max_deliver":-0}}'),
    api("$JS.API.CONSUMER.CREATE.TIMES", '{"stream_name":"TIMES","config":{"name":"r8","opt_start_seq":-0}}'),
    api("$JS.API.CONSUMER.CREATE.TIMES", '{"stream_name":"TIMES","config":{"name":"r9","ack_policy":"\\u0065xplicit"}}'),
    api("$JS.API.CONSUMER.CREATE.TIMES", '{"stream_name":"TIMES","config":{"name":"rA","ack\\u005fpolicy":"explicit","description":"\\u00e9t\\u00e9 \\u2028 \\u003c\\u0026"}}'),
    api("$JS.API.CONSUMER.CREATE.TIMES", '{"stream_name":"TIMES","config":{"name":"rB","deliver_policy":"undefined","ack_policy":"all","replay_policy":"original"}}'),
    api("$JS.API.CONSUMER.CREATE.TIMES", '{"stream_name":"TIMES","config":{"name":"rC","description":"' + "\u00e9" * 2049 + '"}}'),
    api("$JS.API.CONSUMER.CREATE.TIMES", '{"stream_name":"TIMES","config":{"name":"rD","description":"' + "\u00e9" * 2048 + '"}}'),
    api("$JS.API.CONSUMER.CREATE.TIMES", '{"stream_name":"TIMES","config":{"name":"rE","max_deliver":9223372036854775807,"max_waiting":-9223372036854775808,"max_batch":9223372036854775808}}'),
    api("$JS.API.CONSUMER.CREATE.TIMES", '{"stream_name":"TIMES","config":{"name":"rF","rate_limit_bps":18446744073709551616,"deliver_subject":"dlv.rf"}}'),
    durable("TIMES", "SQ", deliver_policy="by_start_sequence", opt_start_seq=2),
    durable("TIMES", "SQ", deliver_policy="by_start_sequence", opt_start_seq=3),
    durable("TIMES", "SQ", deliver_policy="by_start_sequence", opt_start_seq=2, description="same start"),
    api("$JS.API.CONSUMER.NAMES.TIMES", '{"offset":-0}'),
    api("$JS.API.CONSUMER.NAMES.TIMES", '{"offset":1,"offset":null}'),
    api("$JS.API.CONSUMER.NAMES.TIMES", '{"offset":"x","offset":1}'),
    api("$JS.API.CONSUMER.NAMES.TIMES", '{"offset":01}'),
    api("$JS.API.CONSUMER.NAMES.TIMES", '{"offset":9223372036854775808}'),
    api("$JS.API.CONSUMER.LIST.TIMES", '{"offset":5}'),

    # (A negative offset is left out: nats-server 2.9.10 panics on it and exits, slice bounds out of range.)
    api("$JS.API.CONSUMER.NAMES.ORDERS", ""),
]

LIMITS_CONF = """
listen: 127.0.0.1:%d
jetstream {
  store_dir: "%s"
  domain: hub
  limits { max_ack_pending: 100, max_request_batch: 10 }
}
accounts {
  A: { jetstream: { max_ack_pending: 50, max_consumers: 4 }, users: [ { user: a, password: a } ] }
}
no_auth_user: a
"""

LIMITS = [
    stream({"name": "S", "subjects": ["s.>"]}),
    stream({"name": "S2", "subjects": ["s2"], "max_consumers": 10}),
    stream({"name": "S3", "subjects": ["s3"], "max_consumers": 2}),
    durable("S", "L1", ack_policy="explicit"),
    durable("S", "L2", ack_policy="all", deliver_subject="dlv.l2"),
    durable("S", "L3", ack_policy="none"),
    durable("S", "L4", ack_policy="explicit", max_ack_pending=80),
    durable("S", "L5", ack_policy="explicit", max_ack_pending=150),
    durable("S", "L6", ack_policy="explicit", max_ack_pending=40, max_batch=20),
    durable("S", "L7", ack_policy="explicit", max_ack_pending=40, max_batch=10),
    durable("S", "L8", ack_policy="none", max_ack_pending=60),
    durable("S", "L1", ack_policy="explicit", max_ack_pending=60),
    durable("S", "L9", ack_policy="none"),
    durable("S3", "LA", ack_policy="none"),
    durable("S3", "LB", ack_policy="none"),
    durable("S3", "LC", ack_policy="none"),
    create("S", {"ack_policy": "none", "direct": True, "deliver_subject": "dlv.direct"}),
    delete("S", "L1"),
    ("next", "S", "L7", {"batch": 1, "no_wait": True}, []),
    api("$JS.API.CONSUMER.NAMES.S", ""),
    ("sleep", 0.3),
]


def main(out):
    rows = []
    store = tempfile.mkdtemp()
    port = free_port()
    run(["/usr/sbin/nats-server", "-js", "-sd", store, "-a", "127.0.0.1", "-p", str(port)], port, "plain", PLAIN, rows)
    store = tempfile.mkdtemp()
    port = free_port()
    conf = os.path.join(store, "limits.conf")
    with open(conf, "w") as f:
        f.write(LIMITS_CONF % (port, store))
    run(["/usr/sbin/nats-server", "-c", conf], port, "limits", LIMITS, rows)
    with open(out, "w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")


def run(cmd, port, server, steps, rows):
    srv = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        c = Conn(port)
        subs = {}
        for i, step in enumerate(steps):
            kind = step[0]
            if kind == "api":
                _, subject, body = step
                resp = c.request(subject, body)
                rows.append({"kind": "api", "server": server, "subject": subject, "body": body, "response": resp})
            elif kind == "pub":
                c.request(step[1], step[2])
            elif kind == "sub":
                subs[step[1]] = c.subscribe(step[1])
                rows.append({"kind": "sub", "server": server, "subject": step[1]})
            elif kind == "unsub":
                c.unsubscribe(subs.pop(step[1]))
                rows.append({"kind": "unsub", "server": server, "subject": step[1]})
            elif kind == "sleep":
                c.wait(step[1])
            elif kind == "next":
                _, st, cons, req, acks = step
                msgs = c.fetch("$JS.API.CONSUMER.MSG.NEXT.%s.%s" % (st, cons), json.dumps(req), len(acks))
                for m, ack in zip(msgs, acks):
                    if ack is not None and m[2]:
                        c.publish(m[2], ack)
                        rows.append({"kind": "ack", "server": server, "subject": m[2], "body": ack})
                c.wait(0.1)
            for subj, data in c.take_events():
                rows.append({"kind": "event", "server": server, "subject": subj, "data": data})
        c.wait(0.3)
        for subj, data in c.take_events():
            rows.append({"kind": "event", "server": server, "subject": subj, "data": data})
    finally:
        srv.terminate()
        srv.wait()


class Conn:
    def __init__(self, port):
        for _ in range(200):
            try:
                self.s = socket.create_connection(("127.0.0.1", port))
                break
            except OSError:
                time.sleep(0.05)
        self.s.settimeout(0.05)
        self.buf = b""
        self.msgs = []
        self.sid = 10
        self.n = 0
        self.pong = 0
        self.s.sendall(b'CONNECT {"verbose":false,"headers":true,"protocol":1}\r\n'
                       b'SUB _INBOX.cap.* 1\r\nSUB $JS.EVENT.ADVISORY.CONSUMER.> 2\r\n'
                       b'SUB $JS.EVENT.METRIC.CONSUMER.> 3\r\nSUB _INBOX.next.* 4\r\n')
        self.flush()

    def flush(self):
        want = self.pong + 1
        self.s.sendall(b"PING\r\n")
        deadline = time.time() + 5
        while self.pong < want and time.time() < deadline:
            self.pump()

    def publish(self, subject, body, reply=None):
        data = body.encode()
        self.s.sendall(("PUB %s %s%d\r\n" % (subject, reply + " " if reply else "", len(data))).encode() + data + b"\r\n")

    def subscribe(self, subject):
        self.sid += 1
        self.s.sendall(("SUB %s %d\r\n" % (subject, self.sid)).encode())
        self.flush()
        return self.sid

    def unsubscribe(self, sid):
        self.s.sendall(("UNSUB %d\r\n" % sid).encode())
        self.flush()

    def request(self, subject, body, timeout=2.0):
        self.n += 1
        inbox = "_INBOX.cap.%d" % self.n
        self.publish(subject, body, inbox)
        deadline = time.time() + timeout
        while time.time() < deadline:
            for m in self.msgs:
                if m[0] == inbox:
                    self.msgs.remove(m)
                    return m[3]
            self.pump()
        return None

    def fetch(self, subject, body, count, timeout=1.0):
        self.n += 1
        inbox = "_INBOX.next.%d" % self.n
        self.publish(subject, body, inbox)
        got = []
        deadline = time.time() + timeout
        while time.time() < deadline and len(got) < count:
            for m in list(self.msgs):
                if m[1] == 4:  # delivered to the request's inbox, on the message's own subject
                    self.msgs.remove(m)
                    if m[2] and m[2].startswith("$JS.ACK."):
                        got.append(m)
            self.pump()
        return got

    def wait(self, seconds):
        deadline = time.time() + seconds
        while time.time() < deadline:
            self.pump()

    def take_events(self):
        ev = [(m[0], m[3]) for m in self.msgs if m[1] in (2, 3)]
        self.msgs = [m for m in self.msgs if m[1] not in (2, 3)]
        return ev

    def pump(self):
        try:
            data = self.s.recv(65536)
            if not data:
                raise EOFError("server closed the connection")
            self.buf += data
        except (socket.timeout, TimeoutError):
            pass
        while True:
            head, sep, rest = self.buf.partition(b"\r\n")
            if not sep:
                return
            parts = head.split(b" ")
            op = parts[0].upper()
            if op in (b"MSG", b"HMSG"):
                total = int(parts[-1])
                if len(rest) < total + 2:
                    return
                hdr = int(parts[-2]) if op == b"HMSG" else 0
                nargs = len(parts) - (2 if op == b"HMSG" else 1)
                reply = parts[3].decode() if nargs == 4 else None
                payload = rest[hdr:total].decode()
                self.msgs.append((parts[1].decode(), int(parts[2]), reply, payload))
                self.buf = rest[total + 2:]
            else:
                self.buf = rest
                if op == b"PING":
                    self.s.sendall(b"PONG\r\n")
                elif op == b"PONG":
                    self.pong += 1
                elif op == b"-ERR":
                    print("server error:", head.decode(), file=sys.stderr)


def free_port():
    with socket.socket() as t:
        t.bind(("127.0.0.1", 0))
        return t.getsockname()[1]


if __name__ == "__main__":
    main(sys.argv[1])
