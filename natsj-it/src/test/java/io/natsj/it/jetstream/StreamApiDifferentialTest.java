package io.natsj.it.jetstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.impl.Headers;
import io.natsj.it.support.ServerProcess;
import io.natsj.it.support.ServerProcess.Binary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream API's answers, byte for byte, from natsj and nats-server 2.9.10 given the same requests
 * in the same order: STREAM.UPDATE with each thing an update may and may not change, INFO with
 * deleted_details and subjects_filter (and their paging), NAMES and LIST with subject filters and
 * offsets, DIRECT.GET in both forms with its status replies, and the account's figures at the end
 * (which count every request and error). Times are the only thing blanked out.
 */
class StreamApiDifferentialTest {
    private static final Pattern CLIENT_PORT = Pattern.compile("Listening for client connections on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern TIME = Pattern.compile("\"(created|first_ts|last_ts|time)\":\"(?!0001-01-01T00:00:00Z)[^\"]+\"");
    /** What differs between any two runs: ids, times, measured round trips, server names and times inside answers. */
    private static final Pattern ADVISORY_NOISE = Pattern.compile(
            "\"(id|timestamp|rtt|server|created|first_ts|last_ts|time)\":(\"[^\"]*\"|\\d+)");
    /** The same inside the answers an audit quotes (and the account storage figure, see the script). */
    private static final Pattern QUOTED_NOISE = Pattern.compile(
            "\\\\\"(created|first_ts|last_ts|time|storage)\\\\\":(\\\\\"[^\\\\]*\\\\\"|\\d+)");
    private static final Pattern STAMP = Pattern.compile("Nats-Time-Stamp: [^\\r]+");

    /** One step: a request (or a publish when {@code request} is false) and what to send. */
    private record Step(String subject, String body, Headers headers, boolean request) {
        static Step req(String subject, String body) {
            return new Step(subject, body, null, true);
        }

        static Step pub(String subject, String body) {
            return new Step(subject, body, null, false);
        }
    }

    private static List<Step> script() {
        List<Step> s = new ArrayList<>();
        String api = "$JS.API.";
        s.add(Step.req(api + "STREAM.CREATE.ONE", "{\"name\":\"ONE\",\"subjects\":[\"a.>\"],\"storage\":\"file\"}"));
        s.add(Step.req(api + "STREAM.CREATE.TWO", "{\"name\":\"TWO\",\"subjects\":[\"c.*\"],\"storage\":\"memory\",\"max_bytes\":1000}"));
        Headers h = new Headers().add("X-Trace", "t1");
        s.add(new Step("a.1", "one", h, true));
        for (String subject : List.of("a.2", "a.2", "a.3", "a.b.c", "a.2")) {
            s.add(Step.req(subject, "m-" + subject));
        }
        s.add(Step.pub("c.x", "no reply wanted"));
        // Republish: whole copies of r.*.> messages to rp.>, headers only for r.h.>.
        s.add(Step.req(api + "STREAM.CREATE.RP", "{\"name\":\"RP\",\"subjects\":[\"r.>\"],\"storage\":\"memory\","
                + "\"republish\":{\"src\":\"r.*.>\",\"dest\":\"rp.>\"}}"));
        s.add(Step.req(api + "STREAM.CREATE.RP", "{\"name\":\"RP\",\"subjects\":[\"r.>\"],\"storage\":\"memory\","
                + "\"republish\":{\"src\":\"r.*.>\",\"dest\":\"rp.{{wildcard(1)}}.x.>\"}}"));
        s.add(Step.req(api + "STREAM.CREATE.RH", "{\"name\":\"RH\",\"subjects\":[\"h.>\"],\"storage\":\"file\","
                + "\"republish\":{\"dest\":\"rh.>\",\"headers_only\":true}}"));
        s.add(Step.req(api + "STREAM.CREATE.BAD", "{\"name\":\"BAD\",\"subjects\":[\"x.>\"],"
                + "\"republish\":{\"src\":\"x.*\",\"dest\":\"x.y.>\"}}"));
        s.add(new Step("r.a.b", "first", new Headers().add("K", "v"), true));
        s.add(Step.req("r.a.b", "second"));
        s.add(Step.req("r.top", "not moved"));
        s.add(Step.pub("r.c.d", "no reply, still moved"));
        s.add(Step.req("h.one", "only the size goes"));
        s.add(new Step("h.one", "again", new Headers().add("K", "w"), true));
        s.add(Step.req(api + "STREAM.MSG.DELETE.ONE", "{\"seq\":2}"));
        // A found message is answered past the API layer: not counted, not audited.
        for (String body : List.of("{\"seq\":1}", "{\"seq\":2}", "{\"last_by_subj\":\"a.2\"}", "{}", "")) {
            s.add(Step.req(api + "STREAM.MSG.GET.ONE", body));
        }
        s.add(Step.req(api + "STREAM.MSG.DELETE.ONE", "{\"seq\":4,\"no_erase\":true}"));
        // INFO and its options.
        for (String body : List.of("", "{}", "{\"deleted_details\":true}", "{\"subjects_filter\":\">\"}",
                "{\"subjects_filter\":\"a.2\"}", "{\"subjects_filter\":\"a.*\",\"offset\":1}",
                "{\"subjects_filter\":\"a.*\",\"offset\":99}", "{\"subjects_filter\":\"zzz\"}",
                "{\"subjects_filter\":\"a.>\",\"deleted_details\":true}", "{\"offset\":\"x\"}", "nope")) {
            s.add(Step.req(api + "STREAM.INFO.ONE", body));
        }
        s.add(Step.req(api + "STREAM.INFO.NONE", "{\"deleted_details\":true}"));
        // NAMES and LIST with filters and offsets.
        for (String list : List.of("NAMES", "LIST")) {
            for (String body : List.of("", "{\"subject\":\"a.1\"}", "{\"subject\":\"c.>\"}", "{\"subject\":\"zz\"}",
                    "{\"offset\":1}", "{\"offset\":5}", "{\"subject\":\">\",\"offset\":1}", "{\"subject\":7}")) {
                s.add(Step.req(api + "STREAM." + list, body));
            }
        }
        // UPDATE: what may change and what may not.
        String one = "\"name\":\"ONE\",\"storage\":\"file\"";
        for (String body : List.of(
                "{" + one + ",\"subjects\":[\"a.>\",\"b.*\"],\"description\":\"more\",\"max_msgs\":4}",
                // 2.9.10 does not apply a per-subject limit set where there was none (later releases do, as
                // natsj does), so this one is above what any subject holds.
                "{" + one + ",\"subjects\":[\"a.>\",\"b.*\"],\"max_msgs_per_subject\":2}",
                "{\"name\":\"ONE\",\"subjects\":[\"a.>\"],\"storage\":\"memory\"}",
                "{" + one + ",\"subjects\":[\"a.>\"],\"max_consumers\":3}",
                "{" + one + ",\"subjects\":[\"a.>\"],\"retention\":\"workqueue\"}",
                "{" + one + ",\"subjects\":[\"a.>\",\"c.y\"]}",
                "{" + one + ",\"subjects\":[\"a.>\"],\"discard_new_per_subject\":true}",
                "{" + one + ",\"subjects\":[\"a.>\"],\"republish\":{\"src\":\">\",\"dest\":\"rp.>\"}}",
                "{" + one + ",\"subjects\":[\"a.>\"],\"mirror\":{\"name\":\"TWO\"}}",
                "{\"name\":\"OTHER\",\"subjects\":[\"a.>\"]}",
                "{" + one + ",\"subjects\":[\"a.>\"],\"max_age\":1}",
                "{not json",
                "")) {
            s.add(Step.req(api + "STREAM.UPDATE.ONE", body));
        }
        s.add(Step.req(api + "STREAM.UPDATE.NONE", "{\"name\":\"NONE\",\"subjects\":[\"n\"]}"));
        s.add(Step.req(api + "STREAM.UPDATE.TWO", "{\"name\":\"TWO\",\"subjects\":[\"c.*\"],\"storage\":\"memory\",\"max_bytes\":999999999999999}"));
        s.add(Step.req(api + "STREAM.UPDATE.TWO", "{\"name\":\"TWO\",\"subjects\":[\"c.*\"],\"storage\":\"memory\",\"max_bytes\":2000}"));
        s.add(Step.req("b.x", "now stored"));
        s.add(Step.req("a.2", "per subject one"));
        s.add(Step.req(api + "STREAM.INFO.ONE", "{\"subjects_filter\":\">\",\"deleted_details\":true}"));
        // DIRECT.GET: no answer while allow_direct is off, then each form.
        s.add(Step.req(api + "DIRECT.GET.ONE", "{\"seq\":1}"));
        s.add(Step.req(api + "STREAM.UPDATE.ONE", "{" + one + ",\"subjects\":[\"a.>\",\"b.*\"],\"allow_direct\":true,"
                + "\"max_msgs_per_subject\":1,\"deny_delete\":true}"));
        for (String body : List.of("{\"seq\":1}", "{\"seq\":2}", "{\"last_by_subj\":\"a.2\"}", "{\"next_by_subj\":\"a.*\",\"seq\":2}",
                "{\"next_by_subj\":\"b.*\"}", "", "{", "{\"seq\":1,\"last_by_subj\":\"a.1\"}",
                "{\"last_by_subj\":\"a.1\",\"next_by_subj\":\"a.1\"}", "{\"seq\":0}", "{\"last_by_subj\":\"zz\"}")) {
            s.add(Step.req(api + "DIRECT.GET.ONE", body));
        }
        s.add(Step.req(api + "DIRECT.GET.ONE.a.2", ""));
        s.add(Step.req(api + "DIRECT.GET.ONE.b.x", ""));
        s.add(Step.req(api + "DIRECT.GET.ONE.a.9", ""));
        s.add(Step.req(api + "DIRECT.GET.ONE.a.2", "{}"));
        s.add(Step.req(api + "DIRECT.GET.NONE", "{\"seq\":1}"));
        s.add(Step.req(api + "STREAM.UPDATE.ONE", "{" + one + ",\"subjects\":[\"a.>\",\"b.*\"],\"allow_direct\":true}"));
        s.add(Step.req(api + "STREAM.UPDATE.ONE", "{" + one + ",\"subjects\":[\"a.>\",\"b.*\"],\"deny_delete\":true,\"sealed\":true}"));
        s.add(Step.req(api + "STREAM.UPDATE.ONE", "{" + one + ",\"subjects\":[\"a.>\",\"b.*\"],\"deny_delete\":true,\"deny_purge\":true}"));
        s.add(Step.req("a.1", "sealed"));
        s.add(Step.req(api + "STREAM.INFO.ONE", ""));
        s.add(Step.req(api + "STREAM.DELETE.TWO", ""));
        s.add(Step.req(api + "STREAM.DELETE.TWO", ""));
        // nats-server 2.9.10 does not take the messages an update's stricter per-subject limit removes
        // off the account's storage figure (it stays 38 bytes above the stream's own, which the
        // previous step compares); natsj's figure is the sum of its streams', so that one member is
        // compared as "storage" being present only.
        s.add(Step.req(api + "INFO", ""));
        return s;
    }

    @Test
    void natsjAnswersAsNatsServer(@TempDir Path dir) throws Exception {
        List<String> goAdvisories = new ArrayList<>();
        List<String> natsjAdvisories = new ArrayList<>();
        List<String> go = run(Binary.GO, dir.resolve("go"), goAdvisories);
        List<String> natsj = run(Binary.NATSJ, dir.resolve("natsj"), natsjAdvisories);
        // The stream and audit advisories: the same ones, in any order (nats-server sends a stream's
        // from a queue of its own, so their order against the audits is not fixed).
        List<String> onlyGo = new ArrayList<>(goAdvisories);
        natsjAdvisories.forEach(onlyGo::remove);
        List<String> onlyNatsj = new ArrayList<>(natsjAdvisories);
        goAdvisories.forEach(onlyNatsj::remove);
        assertTrue(onlyGo.isEmpty() && onlyNatsj.isEmpty() && !goAdvisories.isEmpty(),
                "only from nats-server: " + onlyGo + "\nonly from natsj: " + onlyNatsj);
        List<Step> steps = script();
        assertTrue(natsj.stream().filter(l -> l.startsWith("copy rp.a.x.b ") || l.startsWith("copy rh.h.one ")).count() == 4,
                "republished copies: " + natsj);
        assertEquals(go.size(), natsj.size());
        StringBuilder diffs = new StringBuilder();
        for (int i = 0; i < go.size(); i++) {
            if (!go.get(i).equals(natsj.get(i))) {
                diffs.append("step ").append(i).append(' ').append(steps.get(i).subject()).append(' ')
                        .append(steps.get(i).body()).append("\n  go:    ").append(go.get(i)).append("\n  natsj: ")
                        .append(natsj.get(i)).append('\n');
            }
        }
        assertTrue(diffs.isEmpty(), diffs.toString());
    }

    private static List<String> run(Binary binary, Path dir, List<String> advisories) throws Exception {
        Files.createDirectories(dir);
        List<String> out = new ArrayList<>();
        try (ServerProcess p = ServerProcess.start(binary, dir, "-a", "127.0.0.1", "-p", "-1", "-js", "-sd",
                dir.resolve("store").toString())) {
            p.awaitReady();
            Matcher m = CLIENT_PORT.matcher(p.output());
            assertTrue(m.find(), p.output());
            try (Connection nc = Nats.connect(new Options.Builder().server("nats://127.0.0.1:" + m.group(1))
                    .maxReconnects(0).connectionTimeout(Duration.ofSeconds(5)).build());
                    Connection listener = Nats.connect(new Options.Builder().server("nats://127.0.0.1:" + m.group(1))
                            .maxReconnects(0).build())) {
                io.nats.client.Subscription events = listener.subscribe("$JS.EVENT.ADVISORY.>");
                List<io.nats.client.Subscription> copies = List.of(listener.subscribe("rp.>"), listener.subscribe("rh.>"));
                listener.flush(Duration.ofSeconds(5));
                for (Step s : script()) {
                    byte[] body = s.body().getBytes(StandardCharsets.UTF_8);
                    if (!s.request()) {
                        nc.publish(s.subject(), s.headers(), body);
                        nc.flush(Duration.ofSeconds(5));
                        out.add("published");
                        continue;
                    }
                    out.add(answer(nc, s.subject(), s.headers(), body));
                }
                for (io.nats.client.Subscription sub : copies) {
                    for (Message c = sub.nextMessage(Duration.ofSeconds(3)); c != null; c = sub.nextMessage(Duration.ofMillis(300))) {
                        StringBuilder sb = new StringBuilder("copy ").append(c.getSubject()).append(' ');
                        Headers hs = c.getHeaders();
                        if (hs != null) {
                            hs.keySet().stream().sorted().forEach(k -> sb.append(k).append(": ").append(hs.get(k)).append("; "));
                        }
                        out.add(sb.append(new String(c.getData(), StandardCharsets.UTF_8)).toString());
                    }
                }
                // The last request's audit is the last advisory: wait for it, then take what came.
                for (Message a = events.nextMessage(Duration.ofSeconds(3)); a != null; a = events.nextMessage(Duration.ofMillis(300))) {
                    String text = ADVISORY_NOISE.matcher(new String(a.getData(), StandardCharsets.UTF_8)).replaceAll("\"$1\":<x>");
                    advisories.add(a.getSubject() + " " + QUOTED_NOISE.matcher(text).replaceAll("\\\\\"$1\\\\\":<x>"));
                }
            }
        }
        return out;
    }

    /** The answer's headers (if any) and body, times blanked; or how the request failed. */
    private static String answer(Connection nc, String subject, Headers headers, byte[] body) {
        Message reply;
        try {
            reply = nc.request(subject, headers, body, Duration.ofMillis(750));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (RuntimeException e) {
            return "failed: " + e.getClass().getSimpleName();
        }
        if (reply == null) {
            return "no answer";
        }
        StringBuilder sb = new StringBuilder();
        if (reply.getHeaders() != null) {
            Headers hs = reply.getHeaders();
            sb.append("status=").append(reply.getStatus() == null ? "-" : reply.getStatus().getCode() + " "
                    + reply.getStatus().getMessage()).append(' ');
            hs.keySet().stream().sorted().forEach(k -> sb.append(k).append(": ").append(hs.get(k)).append("; "));
        }
        sb.append(new String(reply.getData(), StandardCharsets.UTF_8));
        String text = sb.toString();
        if (subject.equals("$JS.API.INFO")) {
            text = text.replaceFirst("\"storage\":\\d+", "\"storage\":<n>");
        }
        return STAMP.matcher(TIME.matcher(text).replaceAll("\"$1\":\"<t>\""))
                .replaceAll("Nats-Time-Stamp: <t>")
                .replaceAll("Nats-Time-Stamp: \\[[^\\]]+\\]", "Nats-Time-Stamp: [<t>]");
    }
}
