#!/usr/bin/env node
// JetStream scenarios with the official JavaScript client (@nats-io/* 3.x): pull consumers
// (consume, fetch, acks), ordered consumers, push consumers, key-value buckets and object stores,
// each checked against what the server does and shows (sequences, delivery counts, consumer info).
// JsClientScenarioTest (natsj-it) runs every scenario against natsj and against nats-server 2.9.10.
//
//   node js-scenarios.mjs --list                      the scenario names, one a line
//   node js-scenarios.mjs nats://127.0.0.1:4222 [name...]   runs them (all when none is named)
//
// Each scenario connects on its own and uses streams of its own. Per scenario, one JSON line on
// stdout ({"scenario", "ok", "ms", "steps"} and on failure "step" and "error"); on failure the
// same in words on stderr, and the exit code is 1 (2 for a bad command line). Every wait has a
// bound: JetStream API requests API_TIMEOUT_MS, a scenario SCENARIO_DEADLINE_MS in all.
//
// nats-server 2.9.10 is older than what the 3.x client targets (2.10+); the client picks its
// requests from the version in INFO (2.9.10 for both servers), and the scenarios keep to what
// 2.9 has: one filter_subject per consumer, no stream or consumer metadata, no per-message TTL,
// no compression, no priority groups.
import { connect, nanos, deferred } from "@nats-io/transport-node";
import { jetstream, jetstreamManager, AckPolicy, DeliverPolicy, StorageType } from "@nats-io/jetstream";
import { Kvm, KvWatchInclude } from "@nats-io/kv";
import { Objm } from "@nats-io/obj";
import { createHash, randomBytes } from "node:crypto";

const API_TIMEOUT_MS = 3000;
const SCENARIO_DEADLINE_MS = 30000;

// ---------------------------------------------------------------------------------------------
// checks

class Failure extends Error {}

function show(v) {
    if (v instanceof Uint8Array) {
        return `<${v.length} bytes>`;
    }
    try {
        return JSON.stringify(v, (_, x) => (typeof x === "bigint" ? x.toString() : x));
    } catch {
        return String(v);
    }
}

function check(cond, what) {
    if (!cond) {
        throw new Failure(what);
    }
}

function eq(actual, expected, what) {
    if (show(actual) !== show(expected)) {
        throw new Failure(`${what}: expected ${show(expected)}, got ${show(actual)}`);
    }
}

/**
 * Resolves with what {@code p} resolves to, or fails when it takes longer than {@code ms}; {@code what}
 * names what was awaited (a function: called at the timeout, to tell how far it got).
 */
async function within(ms, p, what) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Failure(`${typeof what === "function" ? what() : what}: not done after ${ms} ms`)), ms);
    });
    try {
        return await Promise.race([p, timeout]);
    } finally {
        clearTimeout(timer);
    }
}

/** Expects {@code p} to reject; returns the error. */
async function rejects(p, what) {
    try {
        const v = await p;
        throw new Failure(`${what}: expected a refusal, got ${show(v)}`);
    } catch (err) {
        if (err instanceof Failure) {
            throw err;
        }
        return err;
    }
}

/** Polls {@code fn} until it returns without throwing (a Failure), for at most {@code ms}. */
async function eventually(ms, fn) {
    const end = Date.now() + ms;
    for (;;) {
        try {
            return await fn();
        } catch (err) {
            if (!(err instanceof Failure) || Date.now() > end) {
                throw err;
            }
        }
        await pause(50);
    }
}

function pause(ms) {
    return new Promise((r) => setTimeout(r, ms));
}

/**
 * The messages of a fetch, with when each arrived (ms since {@code t0}), until the fetch ends; {@code each}
 * sees every message as it arrives. An error ending the fetch is thrown, or with {@code endError} returned
 * as {@code got.error}.
 */
async function drain(iter, t0, what, { ms = 10000, each = null, endError = false } = {}) {
    const got = [];
    await within(ms, (async () => {
        try {
            for await (const m of iter) {
                const g = { m, at: Date.now() - t0 };
                got.push(g);
                each?.(g);
            }
        } catch (err) {
            if (!endError || err instanceof Failure) {
                throw err;
            }
            got.error = err;
        }
    })(), what);
    return got;
}

const text = (s) => new TextEncoder().encode(s);

/** The server's sequence pair, as consumer info shows it (last_active left out). */
const seqs = (s) => ({ consumer_seq: s.consumer_seq, stream_seq: s.stream_seq });

/** The server-visible counters of a consumer. */
function counters(ci) {
    return {
        delivered: seqs(ci.delivered),
        ack_floor: seqs(ci.ack_floor),
        num_ack_pending: ci.num_ack_pending,
        num_redelivered: ci.num_redelivered,
        num_pending: ci.num_pending,
    };
}

/** Subscribes to a subject and keeps what arrives, parsed as JSON. */
function collector(nc, subject) {
    const got = [];
    const sub = nc.subscribe(subject, { callback: (err, m) => {
        if (!err) {
            got.push({ subject: m.subject, body: m.json() });
        }
    } });
    return { got, sub };
}

// ---------------------------------------------------------------------------------------------
// scenarios

const scenarios = {};

/** A scenario using {@code streams}: any left by an earlier run on the same server are deleted first. */
function scenario(streams, fn) {
    const run = async (ctx) => {
        ctx.step(`delete streams left by an earlier run (${streams.join(", ")})`);
        for (const s of streams) {
            await ctx.jsm.streams.delete(s).catch((err) => {
                if (!/stream not found/.test(err.message)) {
                    throw err;
                }
            });
        }
        await fn(ctx);
    };
    return run;
}

/** Durable pull consumer, consume() with explicit acks: N messages, once each, in order. */
scenarios.consume = scenario(["CONSUME"], async ({ nc, js, jsm, step }) => {
    const N = 200;
    step("create stream CONSUME");
    const si = await jsm.streams.add({ name: "CONSUME", subjects: ["consume.>"], storage: StorageType.File });
    eq(si.config.name, "CONSUME", "stream name");

    step("create durable pull consumer 'worker'");
    const ci = await jsm.consumers.add("CONSUME", {
        durable_name: "worker",
        ack_policy: AckPolicy.Explicit,
        ack_wait: nanos(30_000),
    });
    eq(ci.name, "worker", "consumer name");
    eq(ci.stream_name, "CONSUME", "consumer stream_name");
    eq(ci.config.durable_name, "worker", "durable_name");
    eq(ci.config.ack_policy, "explicit", "ack_policy");
    eq(ci.config.deliver_policy, "all", "deliver_policy (default)");
    eq(ci.config.replay_policy, "instant", "replay_policy (default)");
    eq(ci.config.ack_wait, nanos(30_000), "ack_wait");
    eq(ci.config.max_ack_pending, 1000, "max_ack_pending (the server's default for explicit acks)");
    eq(ci.config.max_deliver, -1, "max_deliver (default)");
    eq(ci.config.deliver_subject, undefined, "deliver_subject of a pull consumer");
    eq(ci.num_pending, 0, "num_pending of a new consumer on an empty stream");

    step(`publish ${N} messages`);
    for (let i = 1; i <= N; i++) {
        const pa = await js.publish(`consume.${i % 4}`, text(`msg ${i}`));
        eq(pa.stream, "CONSUME", "puback stream");
        eq(pa.seq, i, "puback seq");
        check(!pa.duplicate, `puback ${i} says duplicate`);
    }

    step("consumer info before consuming");
    const before = await jsm.consumers.info("CONSUME", "worker");
    eq(counters(before), {
        delivered: { consumer_seq: 0, stream_seq: 0 },
        ack_floor: { consumer_seq: 0, stream_seq: 0 },
        num_ack_pending: 0,
        num_redelivered: 0,
        num_pending: N,
    }, "consumer info before consuming");

    step("consume() with explicit acks");
    const consumer = await js.consumers.get("CONSUME", "worker");
    const got = [];
    const all = deferred();
    const messages = await consumer.consume({
        max_messages: 50,
        callback: (m) => {
            got.push(m);
            if (got.length < N) {
                m.ack();
            } else if (got.length === N) {
                // the last one with a confirmed ack: once confirmed, all the acks before it are in
                m.ackAck().then((ok) => all.resolve(ok), (err) => all.reject(err));
            }
        },
    });
    eq(await within(15000, all, () => `${N} messages through consume() (got ${got.length})`), true, "ackAck of the last message");
    // nothing more may come: exactly once
    await pause(300);
    messages.stop();
    eq(got.length, N, "messages received");
    got.forEach((m, k) => {
        const i = k + 1;
        eq(m.seq, i, `stream sequence of message ${i}`);
        eq(m.info.streamSequence, i, `info.streamSequence of message ${i}`);
        eq(m.info.deliverySequence, i, `info.deliverySequence of message ${i}`);
        eq(m.info.deliveryCount, 1, `delivery count of message ${i}`);
        eq(m.redelivered, false, `redelivered flag of message ${i}`);
        eq(m.info.pending, N - i, `info.pending with message ${i}`);
        eq(m.info.stream, "CONSUME", "info.stream");
        eq(m.info.consumer, "worker", "info.consumer");
        eq(m.subject, `consume.${i % 4}`, `subject of message ${i}`);
        eq(m.string(), `msg ${i}`, `payload of message ${i}`);
    });

    step("consumer info after consuming");
    const after = await jsm.consumers.info("CONSUME", "worker");
    eq(counters(after), {
        delivered: { consumer_seq: N, stream_seq: N },
        ack_floor: { consumer_seq: N, stream_seq: N },
        num_ack_pending: 0,
        num_redelivered: 0,
        num_pending: 0,
    }, "consumer info after consuming");

    step("stream info");
    const state = (await jsm.streams.info("CONSUME")).state;
    eq([state.messages, state.first_seq, state.last_seq, state.consumer_count], [N, 1, N, 1],
        "stream messages, first_seq, last_seq, consumer_count");

    step("list and delete the consumer");
    const names = [];
    for await (const c of jsm.consumers.list("CONSUME")) {
        names.push(c.name);
    }
    eq(names, ["worker"], "consumers listed");
    eq(await jsm.consumers.delete("CONSUME", "worker"), true, "consumer delete");
    const gone = await rejects(jsm.consumers.info("CONSUME", "worker"), "info of a deleted consumer");
    eq(gone.code ?? gone.api_error?.err_code, 10014, `error code of a missing consumer (${gone.message})`);
});

/** fetch(): batches ended by count, by expiry with fewer messages, with none, and by max_bytes; next(). */
scenarios.fetch = scenario(["FETCH"], async ({ js, jsm, step }) => {
    step("create stream FETCH and durable pull consumer 'batcher'");
    await jsm.streams.add({ name: "FETCH", subjects: ["fetch.>"], storage: StorageType.File });
    await jsm.consumers.add("FETCH", { durable_name: "batcher", ack_policy: AckPolicy.Explicit });
    for (let i = 1; i <= 10; i++) {
        await js.publish("fetch.a", text(`m${i}`));
    }
    const c = await js.consumers.get("FETCH", "batcher");

    async function batch(max, expires, expected, what) {
        const t0 = Date.now();
        const got = await drain(await c.fetch({ max_messages: max, expires }), t0, what, { ms: expires + 5000 });
        const ms = Date.now() - t0;
        eq(got.map((g) => g.m.seq), expected, `${what}: stream sequences`);
        for (const { m } of got) {
            eq(m.string(), `m${m.seq}`, `${what}: payload of ${m.seq}`);
            m.ack();
        }
        return ms;
    }

    step("fetch 4 of 10: ends when the 4 are in, long before it expires");
    let ms = await batch(4, 5000, [1, 2, 3, 4], "first fetch");
    check(ms < 4000, `first fetch took ${ms} ms: it should end with its 4th message, not at expiry`);
    step("fetch the next 4");
    await batch(4, 5000, [5, 6, 7, 8], "second fetch");

    step("fetch 4 with only 2 left: the 2, then the request expires");
    ms = await batch(4, 1000, [9, 10], "third fetch");
    check(ms >= 900, `third fetch ended after ${ms} ms, before its 1000 ms expiry`);

    step("fetch on an empty consumer: nothing, then the request expires");
    ms = await batch(4, 1000, [], "empty fetch");
    check(ms >= 900, `empty fetch ended after ${ms} ms, before its 1000 ms expiry`);

    step("consumer info after the fetches");
    const ci = await c.info();
    eq(counters(ci), {
        delivered: { consumer_seq: 10, stream_seq: 10 },
        ack_floor: { consumer_seq: 10, stream_seq: 10 },
        num_ack_pending: 0,
        num_redelivered: 0,
        num_pending: 0,
    }, "consumer info after the fetches");
    eq(ci.num_waiting, 0, "num_waiting once every pull request has ended");

    step("next(): one message, then null on expiry");
    await js.publish("fetch.b", text("m11"));
    const one = await within(6000, c.next({ expires: 2000 }), "next()");
    check(one !== null, "next() returned null with a message pending");
    eq([one.seq, one.subject, one.string()], [11, "fetch.b", "m11"], "next() message");
    eq(await one.ackAck(), true, "ackAck of next()'s message");
    const t0 = Date.now();
    const none = await within(6000, c.next({ expires: 1000 }), "next() on an empty consumer");
    eq(none, null, "next() on an empty consumer");
    check(Date.now() - t0 >= 900, "next() returned before its expiry");

    // nats-server counts a message as its subject, ack reply subject, headers and payload; a
    // message that does not fit what is left of max_bytes ends the request with a 409.
    step("fetch with max_bytes smaller than a message: a 409, no message");
    const body = "x".repeat(1000);
    for (let i = 0; i < 3; i++) {
        await js.publish("fetch.big", text(body));
    }
    const small = await drain(await c.fetch({ max_bytes: 500, expires: 2000 }), Date.now(), "fetch of 500 bytes",
        { ms: 7000, endError: true });
    eq(small.map((g) => g.m.seq), [], "fetch with max_bytes 500 of 1000-byte messages");
    check(/message size exceeds maxbytes/i.test(small.error?.message), `end of a fetch with max_bytes 500: ${small.error}`);
    eq(small.error?.code, 409, "status code ending the fetch");

    step("fetch with max_bytes 2500: the two 1000-byte messages that fit, then a 409");
    const tb = Date.now();
    const got = await drain(await c.fetch({ max_bytes: 2500, expires: 2000 }), tb, "fetch of 2500 bytes",
        { ms: 7000, endError: true });
    eq(got.map((g) => g.m.seq), [12, 13], "fetch with max_bytes 2500: stream sequences");
    check(/message size exceeds maxbytes/i.test(got.error?.message), `end of a fetch with max_bytes 2500: ${got.error}`);
    check(Date.now() - tb < 1500, "the 409 should end the fetch at once, not at expiry");
    got.forEach((g) => g.m.ack());
    const rest = await drain(await c.fetch({ max_messages: 5, expires: 1000 }), Date.now(), "fetch of the rest");
    eq(rest.map((g) => g.m.seq), [14], "the message that did not fit comes with the next fetch");
    eq(await rest[0].m.ackAck(), true, "ackAck");
    eq(counters(await c.info()).ack_floor, { consumer_seq: 14, stream_seq: 14 }, "ack floor at the end");
});

/** Acks: ackAck, nak (with and without delay), term, working, ack_wait redelivery, max_deliver. */
scenarios.acks = scenario(["ACKS"], async ({ nc, js, jsm, step }) => {
    const ACK_WAIT = 1000;
    step("create stream ACKS and consumer 'acker' (ack_wait 1 s, max_deliver 3)");
    await jsm.streams.add({ name: "ACKS", subjects: ["acks.>"], storage: StorageType.File });
    const ci = await jsm.consumers.add("ACKS", {
        durable_name: "acker",
        ack_policy: AckPolicy.Explicit,
        ack_wait: nanos(ACK_WAIT),
        max_deliver: 3,
    });
    eq([ci.config.ack_wait, ci.config.max_deliver], [nanos(ACK_WAIT), 3], "ack_wait, max_deliver");
    const maxDeliveries = collector(nc, "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.ACKS.acker");
    const terminated = collector(nc, "$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.ACKS.acker");
    await nc.flush();
    for (let i = 1; i <= 6; i++) {
        await js.publish(`acks.${i}`, text(`a${i}`));
    }
    const c = await js.consumers.get("ACKS", "acker");

    step("fetch 6, none acked yet");
    const t0 = Date.now();
    const first = await drain(await c.fetch({ max_messages: 6, expires: 5000 }), t0, "first fetch");
    eq(first.map((g) => g.m.seq), [1, 2, 3, 4, 5, 6], "first deliveries");
    first.forEach(({ m }) => eq(m.info.deliveryCount, 1, `delivery count of ${m.seq}`));
    eq(counters(await c.info()), {
        delivered: { consumer_seq: 6, stream_seq: 6 },
        ack_floor: { consumer_seq: 0, stream_seq: 0 },
        num_ack_pending: 6,
        num_redelivered: 0,
        num_pending: 0,
    }, "consumer info with 6 delivered, none acked");

    step("ackAck 1, nak 2, term 3, ack 6; 4 and 5 left to time out");
    const [m1, m2, m3, m4, m5, m6] = first.map((g) => g.m);
    eq(await m1.ackAck(), true, "ackAck of 1");
    m2.nak();
    m3.term();
    m6.ack();
    await nc.flush();
    await eventually(3000, async () => eq(counters(await c.info()), {
        delivered: { consumer_seq: 6, stream_seq: 6 },
        ack_floor: { consumer_seq: 1, stream_seq: 1 },
        num_ack_pending: 3,
        num_redelivered: 0,
        num_pending: 0,
    }, "consumer info after ack, nak, term, ack"));
    await eventually(3000, async () => eq(terminated.got.length, 1, "MSG_TERMINATED advisories"));
    const term = terminated.got[0].body;
    eq([term.type, term.stream, term.consumer, term.consumer_seq, term.stream_seq, term.deliveries],
        ["io.nats.jetstream.advisory.v1.terminated", "ACKS", "acker", 3, 3, 1], "MSG_TERMINATED advisory");

    step("working() on 4 after 500 ms pushes its redelivery back");
    await pause(Math.max(0, 500 - (Date.now() - t0)));
    const workingAt = Date.now() - t0;
    check(workingAt < ACK_WAIT - 200, `${workingAt} ms went by before working(): too late to tell it from ack_wait (${ACK_WAIT} ms)`);
    m4.working();
    await nc.flush();

    step("fetch 3: 2 at once (nak'ed), 5 after ack_wait, 4 after working() + ack_wait");
    // acked as they arrive (all but 5), or the nak'ed 2 would time out again before 4 comes
    const fetchAt = Date.now() - t0;
    const second = await drain(await c.fetch({ max_messages: 3, expires: 5000 }), t0, "second fetch",
        { each: (g) => g.m.seq !== 5 && g.m.ack() });
    eq(second.map((g) => g.m.seq), [2, 5, 4], "redeliveries (nak'ed first, then by ack deadline)");
    const [r2, r5, r4] = second;
    for (const r of second) {
        eq(r.m.info.deliveryCount, 2, `delivery count of redelivered ${r.m.seq}`);
        eq(r.m.redelivered, true, `redelivered flag of ${r.m.seq}`);
        eq(r.m.string(), `a${r.m.seq}`, `payload of redelivered ${r.m.seq}`);
    }
    check(r2.at - fetchAt < ACK_WAIT, `nak'ed 2 came back ${r2.at - fetchAt} ms into the fetch: it should not wait for ack_wait`);
    check(r5.at >= ACK_WAIT - 100, `5 came back after ${r5.at} ms, before its ack_wait (${ACK_WAIT} ms)`);
    check(r4.at >= workingAt + ACK_WAIT - 100,
        `4 came back after ${r4.at} ms: working() at ${workingAt} ms should have kept it until ${workingAt + ACK_WAIT}`);
    eq(second.map((g) => g.m.info.deliverySequence), [7, 8, 9], "delivery sequences of the redeliveries");

    step("nak with a 1500 ms delay on 5: not back before the delay");
    const tn = Date.now();
    r5.m.nak(1500);
    const third = await drain(await c.fetch({ max_messages: 1, expires: 4000 }), tn, "fetch after delayed nak");
    eq(third.map((g) => [g.m.seq, g.m.info.deliveryCount]), [[5, 3]], "third delivery of 5");
    check(third[0].at >= 1400, `5 came back ${third[0].at} ms after a nak with a 1500 ms delay`);

    step("5 left unacked on its last delivery (max_deliver 3): never delivered again");
    const tl = Date.now();
    const fourth = await drain(await c.fetch({ max_messages: 1, expires: ACK_WAIT + 1500 }), tl, "fetch after max_deliver");
    eq(fourth.map((g) => g.m.seq), [], "deliveries after max_deliver");
    await eventually(3000, async () => eq(maxDeliveries.got.length, 1, "MAX_DELIVERIES advisories"));
    const md = maxDeliveries.got[0].body;
    eq([md.type, md.stream, md.consumer, md.stream_seq, md.deliveries],
        ["io.nats.jetstream.advisory.v1.max_deliver", "ACKS", "acker", 5, 3], "MAX_DELIVERIES advisory");
    // nats-server 2.9.10: 5 leaves the pending set once its last ack_wait is over, yet the ack
    // floor stays below it (nothing acked since) and it still counts as redelivered
    eq(counters(await c.info()), {
        delivered: { consumer_seq: 10, stream_seq: 6 },
        ack_floor: { consumer_seq: 4, stream_seq: 4 },
        num_ack_pending: 0,
        num_redelivered: 1,
        num_pending: 0,
    }, "consumer info at the end");
    maxDeliveries.sub.unsubscribe();
    terminated.sub.unsubscribe();
});

/** Ordered pull consumer: messages published before and during consumption, no gaps; fetch from a start sequence. */
scenarios.ordered = scenario(["ORDERED"], async ({ js, jsm, step }) => {
    const BEFORE = 50;
    const DURING = 50;
    const N = BEFORE + DURING;
    step("create stream ORDERED with messages on 3 subjects");
    await jsm.streams.add({ name: "ORDERED", subjects: ["ordered.>"], storage: StorageType.File });
    for (let i = 1; i <= BEFORE; i++) {
        await js.publish(`ordered.${i % 3}`, text(`o${i}`));
    }

    step("ordered consumer (js.consumers.get with no name)");
    const oc = await js.consumers.get("ORDERED");
    const ci = await oc.info(true);
    eq([ci.config.ack_policy, ci.config.deliver_policy, ci.config.opt_start_seq, ci.config.max_deliver,
        ci.config.mem_storage, ci.config.inactive_threshold],
    ["none", "by_start_sequence", 1, 1, true, nanos(5 * 60 * 1000)], "ordered consumer config as the server has it");
    eq(ci.config.durable_name, undefined, "ordered consumer durable_name");
    eq(ci.num_pending, BEFORE, "num_pending of the new ordered consumer");

    step(`consume; ${DURING} more messages published while it runs`);
    const got = [];
    const all = deferred();
    let publishing = null;
    const messages = await oc.consume({
        max_messages: 20,
        callback: (m) => {
            got.push(m);
            if (got.length === 1) {
                publishing = (async () => {
                    for (let i = BEFORE + 1; i <= N; i++) {
                        await js.publish(`ordered.${i % 3}`, text(`o${i}`));
                    }
                })();
            }
            if (got.length === N) {
                all.resolve();
            }
        },
    });
    await within(15000, all, () => `${N} messages through the ordered consumer (got ${got.length})`);
    await within(5000, publishing, "publishing during consumption");
    await pause(300);
    eq(got.length, N, "messages received (no duplicates)");
    got.forEach((m, k) => {
        const i = k + 1;
        eq([m.seq, m.info.deliverySequence, m.subject, m.string()], [i, i, `ordered.${i % 3}`, `o${i}`],
            `stream seq, delivery seq, subject, payload of message ${i}`);
    });
    eq(got[N - 1].info.pending, 0, "info.pending on the last message");
    const after = await oc.info();
    eq([seqs(after.delivered), after.num_pending, after.num_ack_pending], [{ consumer_seq: N, stream_seq: N }, 0, 0],
        "ordered consumer delivered, num_pending, num_ack_pending");
    messages.stop();

    step("ordered consumer from stream sequence 61, by fetch");
    const of = await js.consumers.get("ORDERED", { opt_start_seq: 61 });
    const f1 = await drain(await of.fetch({ max_messages: 25, expires: 3000 }), Date.now(), "ordered fetch 1");
    eq(f1.map((g) => g.m.seq), range(61, 85), "first ordered fetch");
    const f2 = await drain(await of.fetch({ max_messages: 25, expires: 1000 }), Date.now(), "ordered fetch 2");
    eq(f2.map((g) => g.m.seq), range(86, 100), "second ordered fetch (15 left, then expiry)");

    step("ordered consumer on one subject, last per subject");
    const ol = await js.consumers.get("ORDERED", { filter_subjects: "ordered.1", deliver_policy: DeliverPolicy.Last });
    const last = await drain(await ol.fetch({ max_messages: 5, expires: 1000 }), Date.now(), "last on ordered.1");
    eq(last.map((g) => g.m.seq), [100], "deliver_policy last with filter ordered.1");
});

function range(a, b) {
    return Array.from({ length: b - a + 1 }, (_, k) => a + k);
}

/** Push consumers: durable with heartbeats and flow control, bound once; queue group; ordered push. */
scenarios.push = scenario(["PUSH"], async ({ nc, js, jsm, step }) => {
    const N = 40;
    step("create stream PUSH and durable push consumer 'pusher'");
    await jsm.streams.add({ name: "PUSH", subjects: ["push.>"], storage: StorageType.File });
    for (let i = 1; i <= N / 2; i++) {
        await js.publish("push.a", text(`p${i}`));
    }
    const ci = await jsm.consumers.add("PUSH", {
        durable_name: "pusher",
        deliver_subject: "deliver.pusher",
        ack_policy: AckPolicy.Explicit,
        idle_heartbeat: nanos(500),
        flow_control: true,
    });
    eq([ci.config.deliver_subject, ci.config.idle_heartbeat, ci.config.flow_control], ["deliver.pusher", nanos(500), true],
        "push consumer config");
    check(!ci.push_bound, "push_bound before anyone subscribes");

    step(`consume; ${N / 2} more published while it runs; heartbeats while idle`);
    const pc = await js.consumers.getPushConsumer("PUSH", "pusher");
    const got = [];
    const all = deferred();
    const messages = await pc.consume({
        callback: (m) => {
            got.push(m);
            if (got.length < N) {
                m.ack();
            } else if (got.length === N) {
                m.ackAck().then((ok) => all.resolve(ok), (err) => all.reject(err));
            }
        },
    });
    // an idle heartbeat once all are delivered (one in a pause before that tells less)
    const heartbeat = deferred();
    let lastHeartbeat = null;
    (async () => {
        for await (const s of messages.status()) {
            if (s.type === "heartbeat") {
                lastHeartbeat = s;
                if (s.lastConsumerSequence >= N) {
                    heartbeat.resolve(s);
                }
            }
        }
    })();
    for (let i = N / 2 + 1; i <= N; i++) {
        await js.publish("push.b", text(`p${i}`));
    }
    eq(await within(10000, all, () => `${N} push deliveries (got ${got.length})`), true, "ackAck of the last message");
    got.forEach((m, k) => {
        const i = k + 1;
        eq([m.seq, m.info.deliverySequence, m.info.deliveryCount, m.string()], [i, i, 1, `p${i}`],
            `stream seq, delivery seq, delivery count, payload of push message ${i}`);
    });
    const hb = await within(5000, heartbeat,
        () => `an idle heartbeat after the last delivery (idle_heartbeat 500 ms; last one seen: ${show(lastHeartbeat)})`);
    eq([hb.lastConsumerSequence, hb.lastStreamSequence], [N, N], "last sequences in the idle heartbeat");
    const bound = await pc.info();
    check(bound.push_bound === true, `push_bound while subscribed: ${show(bound.push_bound)}`);
    eq(counters(bound), {
        delivered: { consumer_seq: N, stream_seq: N },
        ack_floor: { consumer_seq: N, stream_seq: N },
        num_ack_pending: 0,
        num_redelivered: 0,
        num_pending: 0,
    }, "push consumer info after consuming");

    step("a second consume of the bound durable is refused");
    const again = await js.consumers.getPushConsumer("PUSH", "pusher");
    await rejects(again.consume(), "second consume of a bound push consumer");
    eq(got.length, N, "no deliveries beyond the messages");
    messages.stop();
    await eventually(3000, async () => check(!(await jsm.consumers.info("PUSH", "pusher")).push_bound,
        "push_bound after the subscriber left"));

    step("queue group: two subscribers share the deliveries");
    // new messages only, published once both subscribe: the stream's first 40 would all go to
    // whichever subscribed first
    await jsm.consumers.add("PUSH", {
        durable_name: "grp",
        deliver_subject: "deliver.grp",
        deliver_group: "workers",
        deliver_policy: DeliverPolicy.New,
        ack_policy: AckPolicy.Explicit,
    });
    const seen = [[], []];
    const done = deferred();
    const workers = [];
    for (const w of [0, 1]) {
        const pcw = await js.consumers.getPushConsumer("PUSH", "grp");
        workers.push(await pcw.consume({
            callback: (m) => {
                seen[w].push(m.seq);
                m.ack();
                if (seen[0].length + seen[1].length === N) {
                    done.resolve();
                }
            },
        }));
    }
    for (let i = N + 1; i <= 2 * N; i++) {
        await js.publish("push.c", text(`p${i}`));
    }
    await within(10000, done, "queue group deliveries");
    await pause(200);
    eq([...seen[0], ...seen[1]].sort((a, b) => a - b), range(N + 1, 2 * N), "queue group: every new message once");
    check(seen[0].length > 0 && seen[1].length > 0, `queue group: split ${seen[0].length}/${seen[1].length}`);
    workers.forEach((w) => w.stop());

    step("ordered push consumer (getPushConsumer with no name)");
    const opc = await js.consumers.getPushConsumer("PUSH");
    const oci = await opc.info(true);
    eq([oci.config.ack_policy, oci.config.flow_control, oci.config.max_deliver, oci.config.filter_subject],
        ["none", true, 1, ">"], "ordered push consumer config");
    const ordered = [];
    const od = deferred();
    const om = await opc.consume({ callback: (m) => {
        ordered.push(m.seq);
        if (ordered.length === 2 * N) {
            od.resolve();
        }
    } });
    await within(10000, od, "ordered push deliveries");
    eq(ordered, range(1, 2 * N), "ordered push consumer sequences");
    om.stop();
});

/** Key-value bucket: create, put/get/update with revisions, delete and purge, keys, history, watch, ttl. */
scenarios.kv = scenario(["KV_cfg", "KV_session"], async ({ js, jsm, step }) => {
    const kvm = new Kvm(js);
    step("create bucket 'cfg' (history 5, ttl 60 s)");
    const kv = await kvm.create("cfg", { history: 5, ttl: 60_000 });
    const si = await jsm.streams.info("KV_cfg");
    eq([si.config.subjects, si.config.max_msgs_per_subject, si.config.max_age, si.config.allow_rollup_hdrs,
        si.config.discard, si.config.retention, si.config.allow_direct, si.config.deny_delete],
    [["$KV.cfg.>"], 5, nanos(60_000), true, "new", "limits", true, false], "the bucket's stream as the server has it");
    const status = await kv.status();
    eq([status.bucket, status.history, status.ttl, status.values, status.backingStore],
        ["cfg", 5, 60_000, 0, "file"], "bucket status");

    step("put and get");
    eq(await kv.put("a", text("1")), 1, "revision of the first put");
    let e = await kv.get("a");
    eq([e.key, e.string(), e.revision, e.operation, e.bucket, e.delta], ["a", "1", 1, "PUT", "cfg", 0], "get a");
    eq(await kv.get("missing"), null, "get of a key never put");

    step("update with the right revision, refused with a wrong one");
    eq(await kv.update("a", text("2"), 1), 2, "revision of update(a, 1)");
    const wrong = await rejects(kv.update("a", text("3"), 1), "update(a) with stale revision 1");
    check(/wrong last sequence: 2/.test(wrong.message), `error of a stale update: ${wrong.message}`);
    eq(wrong.code ?? wrong.api_error?.err_code, 10071, `error code of a stale update (${wrong.message})`);
    eq((await kv.get("a")).string(), "2", "a after the refused update");

    step("create: refused when the key exists, allowed after a delete");
    await rejects(kv.create("a", text("x")), "create of an existing key");
    eq(await kv.create("b", text("b1")), 3, "revision of create(b)");
    await kv.delete("b");
    e = await kv.get("b");
    eq([e.operation, e.revision, e.length], ["DEL", 4, 0], "b after delete (a delete marker)");
    eq(await kv.create("b", text("b2")), 5, "create(b) over its delete marker");
    eq((await kv.get("a", { revision: 1 })).string(), "1", "get a at revision 1");

    step("history keeps 5 revisions a key");
    for (let i = 1; i <= 7; i++) {
        await kv.put("h", text(`h${i}`));
    }
    const hist = [];
    for await (const x of await kv.history({ key: "h" })) {
        hist.push(x.string());
    }
    eq(hist, ["h3", "h4", "h5", "h6", "h7"], "history of h");

    step("purge leaves one marker, the rollup removes the key's history");
    await kv.purge("h");
    const ph = [];
    for await (const x of await kv.history({ key: "h" })) {
        ph.push(x.operation);
    }
    eq(ph, ["PURGE"], "history of h after purge");
    eq((await kv.get("h")).operation, "PURGE", "h after purge");

    step("keys lists live keys only");
    await kv.put("c.x", text("c"));
    await kv.delete("a");
    const keys = [];
    for await (const k of await kv.keys()) {
        keys.push(k);
    }
    eq(keys.sort(), ["b", "c.x"], "keys");
    const filtered = [];
    for await (const k of await kv.keys("c.*")) {
        filtered.push(k);
    }
    eq(filtered, ["c.x"], "keys('c.*')");

    step("watch sees the puts and deletes made after it starts");
    const seen = [];
    const watch = await kv.watch({ include: KvWatchInclude.UpdatesOnly });
    const ended = (async () => {
        for await (const w of watch) {
            seen.push([w.key, w.operation, w.revision, w.string()]);
            if (seen.length === 6) {
                break;
            }
        }
    })();
    const r1 = await kv.put("w.1", text("v1"));
    const r2 = await kv.put("w.1", text("v2"));
    await kv.delete("b");
    const r4 = await kv.put("w.2", text("v3"));
    await kv.put("w.3", text("gone soon"));
    // the purge's rollup removes that put from the stream: purged before the watcher has it, it is never delivered
    await eventually(5000, async () => eq(seen.length, 5, "watch updates before the purge"));
    await kv.purge("w.3");
    await within(5000, ended, () => `watch updates (saw ${show(seen)})`);
    eq(seen, [["w.1", "PUT", r1, "v1"], ["w.1", "PUT", r2, "v2"], ["b", "DEL", r2 + 1, ""], ["w.2", "PUT", r4, "v3"],
        ["w.3", "PUT", r4 + 1, "gone soon"], ["w.3", "PURGE", r4 + 2, ""]], "what the watcher saw");

    step("watch with initial values (the last entry of each key, markers too), then an update");
    const initial = [];
    const w2 = await kv.watch({ key: "w.>" });
    const ended2 = (async () => {
        for await (const w of w2) {
            initial.push([w.key, w.operation, w.string(), w.isUpdate]);
            if (initial.length === 4) {
                break;
            }
        }
    })();
    await kv.put("w.2", text("v4"));
    await within(5000, ended2, () => `initial values then update (saw ${show(initial)})`);
    // (the client counts the consumer's num_pending at creation; it flags the last initial value an update too)
    eq(initial, [["w.1", "PUT", "v2", false], ["w.2", "PUT", "v3", false], ["w.3", "PURGE", "", true],
        ["w.2", "PUT", "v4", true]], "watch with initial values");

    step("list buckets");
    const names = [];
    for await (const s of kvm.list()) {
        names.push(s.bucket);
    }
    check(names.includes("cfg"), `kvm.list(): ${show(names)}`);

    step("bucket 'session' with ttl 1 s: values expire");
    const session = await kvm.create("session", { history: 2, ttl: 1000 });
    eq((await session.status()).ttl, 1000, "ttl of session");
    const tp = Date.now();
    await session.put("token", text("t1"));
    eq((await session.get("token")).string(), "t1", "token before expiry");
    await eventually(5000, async () => eq(await session.get("token"), null, "token after its ttl"));
    const gone = Date.now() - tp;
    check(gone >= 900, `token gone after ${gone} ms, before its 1000 ms ttl`);
    eq((await session.status()).values, 0, "values in session after expiry");

    step("destroy the buckets");
    eq(await kv.destroy(), true, "destroy cfg");
    eq(await session.destroy(), true, "destroy session");
    await rejects(jsm.streams.info("KV_cfg"), "stream info of a destroyed bucket");
});

/** Object store: a multi-chunk object byte-identical with its digest, info, list, metadata, delete, seal. */
scenarios.obj = scenario(["OBJ_files"], async ({ js, jsm, step }) => {
    const objm = new Objm(js);
    step("create object store 'files'");
    const os = await objm.create("files", { description: "scenario files" });
    const si = await jsm.streams.info("OBJ_files");
    eq([si.config.subjects, si.config.allow_rollup_hdrs, si.config.allow_direct, si.config.discard],
        [["$O.files.C.>", "$O.files.M.>"], true, true, "new"], "the store's stream as the server has it");

    step("put 1.5 MiB + 123 bytes of random bytes (13 chunks: 12 of 128 KiB, one of 123 bytes)");
    const size = 1536 * 1024 + 123;
    const data = new Uint8Array(randomBytes(size));
    const digest = "SHA-256=" + createHash("sha256").update(data).digest("base64url") + "=";
    const put = await os.putBlob({
        name: "blob.bin",
        description: "random bytes",
        metadata: { owner: "qa", kind: "random" },
    }, data);
    eq([put.name, put.size, put.chunks, put.digest, put.deleted], ["blob.bin", size, 13, digest, false],
        "put result: name, size, chunks, digest, deleted");

    step("get it back byte-identical, the digest verified");
    const back = await within(15000, os.getBlob("blob.bin"), "getBlob");
    check(back !== null, "getBlob returned null");
    eq(back.length, size, "size of what came back");
    check(Buffer.compare(Buffer.from(back), Buffer.from(data)) === 0, "the object came back with different bytes");
    const r = await os.get("blob.bin");
    const chunks = [];
    const reader = r.data.getReader();
    for (;;) {
        const { done, value } = await within(10000, reader.read(), "reading the object stream");
        if (done) {
            break;
        }
        chunks.push(value);
    }
    // a digest mismatch errors the data stream (the read above) and rejects r.error
    await within(5000, r.error, "digest check of get()");
    eq(Buffer.concat(chunks).equals(Buffer.from(data)), true, "get() stream bytes");

    step("info and metadata");
    const info = await os.info("blob.bin");
    eq([info.name, info.size, info.chunks, info.digest, info.description, info.metadata, info.bucket],
        ["blob.bin", size, 13, digest, "random bytes", { owner: "qa", kind: "random" }, "files"], "info(blob.bin)");
    eq(info.options.max_chunk_size, 128 * 1024, "max_chunk_size");

    step("a small object and an empty one; list");
    await os.putBlob({ name: "small.txt" }, text("hello"));
    const empty = await os.putBlob({ name: "empty" }, new Uint8Array(0));
    eq([empty.size, empty.chunks], [0, 0], "empty object size and chunks");
    eq(new TextDecoder().decode(await os.getBlob("small.txt")), "hello", "small.txt");
    eq((await os.getBlob("empty")).length, 0, "empty object");
    eq((await os.list()).map((o) => o.name).sort(), ["blob.bin", "empty", "small.txt"], "list");
    let state = (await jsm.streams.info("OBJ_files")).state;
    eq(state.messages, 13 + 1 + 1 + 1 + 1, "messages in the store's stream (13 + 1 chunks, 3 metas)");

    step("update metadata");
    await os.update("small.txt", { name: "small.txt", description: "greeting", metadata: { lang: "en" } });
    const upd = await os.info("small.txt");
    eq([upd.description, upd.metadata, upd.size], ["greeting", { lang: "en" }, 5], "small.txt after update");

    step("replace an object: its old chunks are purged");
    await os.putBlob({ name: "small.txt" }, text("hello again"));
    eq(new TextDecoder().decode(await os.getBlob("small.txt")), "hello again", "replaced small.txt");
    state = (await jsm.streams.info("OBJ_files")).state;
    eq(state.messages, 13 + 1 + 1 + 1 + 1, "messages after the replace (old chunk purged, meta rolled up)");

    step("delete: chunks purged, info marked deleted, get null");
    await os.delete("blob.bin");
    const del = await os.info("blob.bin");
    eq([del.deleted, del.size, del.chunks], [true, 0, 0], "info of a deleted object");
    eq(await os.get("blob.bin"), null, "get of a deleted object");
    eq((await os.list()).map((o) => o.name).sort(), ["empty", "small.txt"], "list after delete");
    state = (await jsm.streams.info("OBJ_files")).state;
    eq(state.messages, 1 + 1 + 1 + 1, "messages after delete (small.txt chunk, 3 metas)");

    step("status and seal");
    const st = await os.status();
    eq([st.bucket, st.description, st.sealed], ["files", "scenario files", false], "status");
    await os.seal();
    eq((await os.status()).sealed, true, "sealed after seal()");
    await rejects(os.putBlob({ name: "late" }, text("x")), "put into a sealed store");
    eq(await os.destroy(), true, "destroy");
});

// ---------------------------------------------------------------------------------------------
// runner

async function runScenario(url, name) {
    const steps = [];
    let current = "connect";
    const step = (s) => {
        current = s;
        steps.push(s);
    };
    const t0 = Date.now();
    let nc = null;
    let lastRequest = null;
    const work = (async () => {
        nc = await connect({ servers: url, name: `js-scenario-${name}`, timeout: 5000, maxReconnectAttempts: 0 });
        // the last request's subject, for a timeout's message (the JetStream client's requests go through here)
        const request = nc.request.bind(nc);
        nc.request = (subject, ...rest) => {
            lastRequest = subject;
            return request(subject, ...rest);
        };
        const js = jetstream(nc, { timeout: API_TIMEOUT_MS });
        const jsm = await jetstreamManager(nc, { timeout: API_TIMEOUT_MS });
        await scenarios[name]({ nc, js, jsm, step });
    })();
    let error = null;
    try {
        await within(SCENARIO_DEADLINE_MS, work, `scenario ${name} (deadline)`);
    } catch (err) {
        error = err;
    }
    if (nc) {
        await Promise.race([nc.close().catch(() => {}), pause(2000)]);
    }
    const ms = Date.now() - t0;
    if (error === null) {
        return { scenario: name, ok: true, ms, steps: steps.length };
    }
    let message;
    let detail = "";
    if (error instanceof Failure) {
        message = error.message;
    } else if (error.name === "TimeoutError" && lastRequest !== null) {
        message = `TimeoutError: no answer to the request on ${lastRequest} (timeout ${API_TIMEOUT_MS} ms)`;
    } else {
        message = `${error.name ?? "Error"}: ${error.message}`;
        detail = (error.stack ?? "").split("\n").slice(1, 4).map((l) => l.trim()).join(" | ");
    }
    return { scenario: name, ok: false, ms, steps: steps.length, step: current, error: message, detail };
}

async function main(argv) {
    if (argv[0] === "--list") {
        console.log(Object.keys(scenarios).join("\n"));
        return 0;
    }
    if (argv.length < 1 || !/^(nats|tls):\/\//.test(argv[0])) {
        console.error("usage: js-scenarios.mjs --list | js-scenarios.mjs nats://host:port [scenario...]");
        return 2;
    }
    const names = argv.length > 1 ? argv.slice(1) : Object.keys(scenarios);
    const unknown = names.filter((n) => !(n in scenarios));
    if (unknown.length) {
        console.error(`unknown scenario(s): ${unknown.join(", ")}; known: ${Object.keys(scenarios).join(", ")}`);
        return 2;
    }
    let failed = 0;
    for (const name of names) {
        const r = await runScenario(argv[0], name);
        console.log(JSON.stringify(r));
        if (!r.ok) {
            failed++;
            console.error(`FAIL ${name} at step "${r.step}" after ${r.ms} ms: ${r.error}${r.detail ? `\n    ${r.detail}` : ""}`);
        } else {
            console.error(`ok   ${name} (${r.ms} ms)`);
        }
    }
    return failed ? 1 : 0;
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
        console.error(`js-scenarios.mjs: ${err.stack ?? err}`);
        process.exit(1);
    },
);
