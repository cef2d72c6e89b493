package io.natsj.it;

import io.natsj.it.support.Limits;
import io.natsj.it.support.RawClient;
import io.natsj.it.support.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One row of the differential table: a scenario played against both servers, with the limits the
 * servers run with, and what the reference (Go) transcript must show for the row to test what its
 * name says (a guard against a broken case, checked only against Go: natsj is compared with Go's whole
 * transcript, never with these fragments).
 */
record DiffCase(String name, Limits limits, Scenario scenario, List<String> referenceShows, List<String> referenceLacks) {

    /** What a case does with the server: opens raw connections, sends bytes, waits. */
    @FunctionalInterface
    interface Scenario {
        void play(Session session) throws Exception;
    }

    private static final Pattern PING_LINE = Pattern.compile("(?im)(^|\\n)[ \\t]*ping");

    static DiffCase scenario(String name, Scenario scenario) {
        return new DiffCase(name, DifferentialProtocolTest.TABLE_LIMITS, scenario, List.of(), List.of());
    }

    /**
     * One connection: sends {@code bytes} followed by a probe PING in a single write, and waits for
     * the PONGs of every PING sent (or for the server to close the connection).
     */
    static DiffCase exchange(String name, String bytes) {
        long pongs = countPings(bytes) + 1;
        return scenario(name, s -> {
            RawClient c = s.open("c");
            c.send(bytes + "PING\r\n");
            c.awaitPongs(pongs, RawClient.DEFAULT_WAIT);
        });
    }

    /** One connection: sends {@code bytes} with no probe after them, and waits for the server to close it. */
    static DiffCase untilClosed(String name, String bytes, Duration wait) {
        return scenario(name, s -> {
            RawClient c = s.open("c");
            c.send(bytes);
            c.awaitClosed(wait);
        });
    }

    static long countPings(String bytes) {
        Matcher m = PING_LINE.matcher(bytes);
        long n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    DiffCase limits(Limits l) {
        return new DiffCase(name, l, scenario, referenceShows, referenceLacks);
    }

    /** The Go transcript must contain this text, else the case itself is broken. */
    DiffCase goShows(String... texts) {
        List<String> all = new ArrayList<>(referenceShows);
        all.addAll(List.of(texts));
        return new DiffCase(name, limits, scenario, List.copyOf(all), referenceLacks);
    }

    /** The Go transcript must not contain this text, else the case itself is broken. */
    DiffCase goLacks(String... texts) {
        List<String> all = new ArrayList<>(referenceLacks);
        all.addAll(List.of(texts));
        return new DiffCase(name, limits, scenario, referenceShows, List.copyOf(all));
    }

    DiffCase goCloses() {
        return goShows("«closed by server»");
    }

    DiffCase goStaysOpen() {
        return goShows("«open»");
    }

    @Override
    public String toString() {
        return name;
    }
}
