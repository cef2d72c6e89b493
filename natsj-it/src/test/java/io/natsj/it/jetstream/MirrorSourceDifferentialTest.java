package io.natsj.it.jetstream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.impl.Headers;
import io.natsj.it.support.ServerProcess;
import io.natsj.it.support.ServerProcess.Binary;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * Mirrors and sources on natsj and nats-server 2.9.10 given the same streams and messages: what the
 * mirror and the sourcing stream hold (subjects, sequences, headers with Nats-Stream-Source, data),
 * their stream info with the mirror and sources blocks, where they resume after a restart, and a
 * mirror whose origin does not exist. Times and "active" are the only things blanked out.
 */
class MirrorSourceDifferentialTest {
    private static final Pattern CLIENT_PORT = Pattern.compile("Listening for client connections on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern NOISE = Pattern.compile("\"(created|first_ts|last_ts|time|active)\":(\"[^\"]*\"|-?\\d+)");
    private static final String API = "$JS.API.";
    private static final Pattern MONITOR_PORT = Pattern.compile("Starting http monitor on 127\\.0\\.0\\.1:(\\d+)");

    @Test
    void natsjFeedsAsNatsServer(@TempDir Path dir) throws Exception {
        List<String> go = run(Binary.GO, dir.resolve("go"));
        List<String> natsj = run(Binary.NATSJ, dir.resolve("natsj"));
        StringBuilder diffs = new StringBuilder();
        for (int i = 0; i < Math.max(go.size(), natsj.size()); i++) {
            String g = i < go.size() ? go.get(i) : "<none>";
            String n = i < natsj.size() ? natsj.get(i) : "<none>";
            if (!g.equals(n)) {
                diffs.append("line ").append(i).append("\n  go:    ").append(g).append("\n  natsj: ").append(n).append('\n');
            }
        }
        assertTrue(diffs.isEmpty(), diffs.toString());
        assertTrue(natsj.size() > 40, "too little compared: " + natsj);
        assertTrue(natsj.stream().anyMatch(l -> l.startsWith("messages=") && l.contains("\"name\":\"ORIGIN\"")
                && l.contains("\"config\":{") && l.contains("\"mirror\":{")), "no stream details in /jsz: " + natsj);
    }

    private static List<String> run(Binary binary, Path dir) throws Exception {
        Files.createDirectories(dir);
        List<String> out = new ArrayList<>();
        try (ServerProcess p = start(binary, dir); Connection nc = connect(p)) {
            req(nc, "STREAM.CREATE.ORIGIN", "{\"name\":\"ORIGIN\",\"subjects\":[\"o.>\"],\"storage\":\"file\"}");
            req(nc, "STREAM.CREATE.OTHER", "{\"name\":\"OTHER\",\"subjects\":[\"p.>\"],\"storage\":\"file\"}");
            for (int i = 1; i <= 10; i++) {
                Headers h = i % 3 == 0 ? new Headers().add("Seq-Is", Integer.toString(i)) : null;
                nc.request(i % 2 == 0 ? "o.a" : "o.b", h, ("origin " + i).getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
            }
            nc.request("p.x", null, "other 1".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
            req(nc, "STREAM.MSG.DELETE.ORIGIN", "{\"seq\":3}");
            req(nc, "STREAM.PURGE.ORIGIN", "{\"seq\":2}"); // origin now starts at 2, with 3 missing
            // A mirror's create answer races with its feed's first run on nats-server (opt_start_seq
            // may already show), so only its configuration is compared.
            out.add(noState(req(nc, "STREAM.CREATE.M", "{\"name\":\"M\",\"mirror\":{\"name\":\"ORIGIN\"},\"storage\":\"file\"}")));
            out.add(noState(req(nc, "STREAM.CREATE.MS", "{\"name\":\"MS\",\"mirror\":{\"name\":\"ORIGIN\",\"opt_start_seq\":6}}")));
            out.add(req(nc, "STREAM.CREATE.S", "{\"name\":\"S\",\"subjects\":[\"s.>\"],\"storage\":\"file\","
                    + "\"sources\":[{\"name\":\"ORIGIN\",\"filter_subject\":\"o.a\"}]}"));
            out.add(req(nc, "STREAM.CREATE.S2", "{\"name\":\"S2\",\"sources\":[{\"name\":\"OTHER\"}]}"));
            out.add(noState(req(nc, "STREAM.CREATE.NM", "{\"name\":\"NM\",\"mirror\":{\"name\":\"NOPE\"}}")));
            settle(nc, "M", 8, 10);
            settle(nc, "MS", 5, 10);
            settle(nc, "S", 5, 5);
            settle(nc, "S2", 1, 1);
            snapshot(nc, out, "first");
            nc.request("o.a", null, "origin 11".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
            settle(nc, "M", 9, 11);
            settle(nc, "S", 6, 6); // before the stream's own message, whose place would otherwise be a race
            nc.request("s.own", null, "own".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
            settle(nc, "S", 7, 7);
        }
        // After a restart each feed goes on from where it was: nothing taken twice, nothing missed.
        try (ServerProcess p = start(binary, dir); Connection nc = connect(p)) {
            nc.request("o.a", null, "origin 12".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
            nc.request("o.b", null, "origin 13".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
            settle(nc, "M", 11, 13);
            settle(nc, "S", 8, 8);
            // Like create answers, an update's state races with the new source's first run on nats-server.
            out.add(noState(req(nc, "STREAM.UPDATE.S", "{\"name\":\"S\",\"subjects\":[\"s.>\"],\"storage\":\"file\","
                    + "\"sources\":[{\"name\":\"ORIGIN\",\"filter_subject\":\"o.a\"},{\"name\":\"OTHER\"}]}")));
            settle(nc, "S", 9, 9);
            snapshot(nc, out, "after restart");
            // /jsz lists every stream (by name here; nats-server's order is its map's), with its config.
            Matcher mp = MONITOR_PORT.matcher(p.output());
            assertTrue(mp.find(), p.output());
            String jsz = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + mp.group(1)
                    + "/jsz?streams=true&config=true")).build(), HttpResponse.BodyHandlers.ofString()).body();
            out.add(jszDetails(jsz));
        }
        return out;
    }

    /** Waits until a stream holds {@code msgs} messages up to {@code last}, and its feeds have no lag. */
    private static void settle(Connection nc, String stream, int msgs, int last) {
        String[] seen = new String[1];
        try {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
                String info = req(nc, "STREAM.INFO." + stream, "");
                seen[0] = info;
                return info.contains("\"messages\":" + msgs + ",") && info.contains("\"last_seq\":" + last + ",")
                        && !info.matches(".*\"lag\":[1-9].*");
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(stream + " did not reach " + msgs + " messages up to " + last + ": " + seen[0], e);
        }
    }

    /** Every stream's info, and every message of the mirrors and sourcing streams. */
    private static void snapshot(Connection nc, List<String> out, String when) {
        out.add("-- " + when);
        for (String s : List.of("ORIGIN", "M", "MS", "S", "S2", "NM")) {
            out.add(req(nc, "STREAM.INFO." + s, ""));
        }
        for (String s : List.of("M", "MS", "S", "S2")) {
            for (int seq = 1; seq <= 14; seq++) {
                out.add(s + " " + seq + " " + req(nc, "STREAM.MSG.GET." + s, "{\"seq\":" + seq + "}"));
            }
        }
    }

    private static String req(Connection nc, String subject, String body) {
        try {
            Message m = nc.request(API + subject, body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
            return m == null ? "no answer" : NOISE.matcher(sourcesByName(new String(m.getData(), StandardCharsets.UTF_8)))
                    .replaceAll("\"$1\":<x>");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** An answer's "sources" block sorted by name: nats-server lists them in its map's order. */
    private static String sourcesByName(String answer) {
        if (!answer.contains("\"sources\":[{\"name\":\"") || !answer.contains("\"lag\"")) {
            return answer;
        }
        try {
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            com.fasterxml.jackson.databind.node.ObjectNode root = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(answer);
            com.fasterxml.jackson.databind.JsonNode sources = root.get("sources");
            if (sources != null && sources.isArray()) {
                List<com.fasterxml.jackson.databind.JsonNode> list = new ArrayList<>();
                sources.forEach(list::add);
                list.sort(java.util.Comparator.comparing(n -> n.get("name").asText()));
                root.putArray("sources").addAll(list);
            }
            return json.writeValueAsString(root);
        } catch (java.io.IOException e) {
            throw new AssertionError(answer, e);
        }
    }

    private static String noState(String answer) {
        return answer.replaceAll("\"state\":\\{[^}]*\\}", "\"state\":<x>");
    }

    /** The stream details of /jsz, sorted by stream name, times and ids blanked. */
    private static String jszDetails(String jsz) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode root = json.readTree(jsz);
        List<String> details = new ArrayList<>();
        root.at("/account_details/0/stream_detail").forEach(d -> details.add(sourcesByName(d.toString())));
        details.sort(null);
        String totals = "messages=" + root.get("messages") + " bytes=" + root.get("bytes") + " streams=" + root.get("streams");
        return totals + " " + NOISE.matcher(String.join("\n", details).replaceAll("\"leader\":\"[^\"]*\"", "\"leader\":<x>"))
                .replaceAll("\"$1\":<x>");
    }

    private static ServerProcess start(Binary binary, Path dir) {
        ServerProcess p = ServerProcess.start(binary, dir, "-a", "127.0.0.1", "-p", "-1", "-m", "-1", "-js", "-sd",
                dir.resolve("store").toString());
        p.awaitReady();
        return p;
    }

    private static Connection connect(ServerProcess p) throws Exception {
        Matcher m = CLIENT_PORT.matcher(p.output());
        String port = null;
        while (m.find()) {
            port = m.group(1); // the last start's
        }
        assertTrue(port != null, p.output());
        return Nats.connect(new Options.Builder().server("nats://127.0.0.1:" + port).maxReconnects(0)
                .connectionTimeout(Duration.ofSeconds(5)).build());
    }
}
