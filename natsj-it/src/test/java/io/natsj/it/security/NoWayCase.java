package io.natsj.it.security;

import io.natsj.it.support.RawClient;
import io.natsj.it.support.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One row of the "no way in" table: a configuration (the same file text for both servers), what a
 * client does, and a sentence saying what nats-server 2.9.10 answers. {@code goShows}/{@code goLacks}
 * are guards checked against nats-server only, so that a broken row is caught; natsj is compared with
 * nats-server's whole transcript.
 *
 * <p>A row whose {@code script} is null is about the configuration itself: nats-server refuses to start,
 * and its error must contain every {@code goShows} text; natsj must refuse too, with the same texts.
 */
record NoWayCase(String name, String config, Script script, String goAnswers, List<String> goShows, List<String> goLacks) {

    /** What a row does with the server: opens raw connections (or jnats ones), sends bytes, waits, notes. */
    @FunctionalInterface
    interface Script {
        void play(Session session) throws Exception;
    }

    private static final Pattern PING_LINE = Pattern.compile("(?m)^PING\\r?$");

    static NoWayCase row(String name, String config, String goAnswers, Script script) {
        return new NoWayCase(name, config, script, goAnswers, List.of(), List.of());
    }

    /**
     * One connection: sends {@code bytes} and a probe PING in one write, then waits for every PING's
     * PONG, or for the server to close the connection.
     */
    static NoWayCase exchange(String name, String config, String bytes, String goAnswers) {
        long pongs = countPings(bytes) + 1;
        return row(name, config, goAnswers, s -> {
            RawClient c = s.open("c");
            c.send(bytes + "PING\r\n");
            c.awaitPongs(pongs, RawClient.DEFAULT_WAIT);
        });
    }

    /** One connection: sends {@code bytes} (maybe nothing) and waits up to {@code wait} for the server to close it. */
    static NoWayCase untilClosed(String name, String config, String bytes, Duration wait, String goAnswers) {
        return row(name, config, goAnswers, s -> {
            RawClient c = s.open("c");
            if (!bytes.isEmpty()) {
                c.send(bytes);
            }
            c.awaitClosed(wait);
        });
    }

    /** nats-server will not start with {@code config}. */
    static NoWayCase refused(String name, String config, String goAnswers) {
        return new NoWayCase(name, config, null, goAnswers, List.of(), List.of());
    }

    static long countPings(String bytes) {
        Matcher m = PING_LINE.matcher(bytes);
        long n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    boolean refusal() {
        return script == null;
    }

    /** nats-server's transcript (or refusal) must contain this, else the row is broken. */
    NoWayCase shows(String... texts) {
        List<String> all = new ArrayList<>(goShows);
        all.addAll(List.of(texts));
        return new NoWayCase(name, config, script, goAnswers, List.copyOf(all), goLacks);
    }

    /** nats-server's transcript must not contain this, else the row is broken. */
    NoWayCase lacks(String... texts) {
        List<String> all = new ArrayList<>(goLacks);
        all.addAll(List.of(texts));
        return new NoWayCase(name, config, script, goAnswers, goShows, List.copyOf(all));
    }

    NoWayCase closes() {
        return shows("«closed by server»");
    }

    NoWayCase staysOpen() {
        return shows("«open»").lacks("«closed by server»");
    }

    /** Refused with Authorization Violation and closed: the answer to every failed authentication. */
    NoWayCase violation() {
        return shows("-ERR 'Authorization Violation'").closes();
    }

    @Override
    public String toString() {
        return name;
    }
}
