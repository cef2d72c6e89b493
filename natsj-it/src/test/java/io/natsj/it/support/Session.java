package io.natsj.it.support;

import java.util.ArrayList;
import java.util.List;

/**
 * The raw connections one scenario opens against one server. Closing the session closes them all;
 * {@link #transcript()} reports what each saw, in the order they were opened.
 */
public final class Session implements AutoCloseable {
    private final TestServer server;
    private final List<RawClient> clients = new ArrayList<>();
    private final Transcript extra = new Transcript();
    private final java.util.Set<String> ignored = new java.util.HashSet<>(java.util.Set.of("PING\r\n"));
    private boolean keepGreetings;
    private boolean unordered;

    public Session(TestServer server) {
        this.server = server;
    }

    public TestServer server() {
        return server;
    }

    public RawClient open(String name) {
        RawClient c = RawClient.connect(server, name);
        clients.add(c);
        return c;
    }

    /** Records a fact the scenario observed (e.g. a count) so that it is compared too. */
    public void note(String line) {
        extra.note(line);
    }

    /** Keep the server's own PINGs in the transcript (liveness scenarios). */
    public void keepServerPings() {
        ignored.remove("PING\r\n");
    }

    /** Leave this frame out of the transcript (one whose count depends on timing, e.g. PONG). */
    public void ignore(String frame) {
        ignored.add(frame);
    }

    /** Keep each connection's greeting INFO (normalised) in the transcript. */
    public void keepGreetings() {
        keepGreetings = true;
    }

    /**
     * Compare each connection's frames as a multiset: for deliveries whose order nats-server leaves
     * to chance (it keeps a connection's subscriptions on one subject in a Go map).
     */
    public void unordered() {
        unordered = true;
    }

    public Transcript transcript() {
        Transcript t = new Transcript();
        for (RawClient c : clients) {
            t.add(c, ignored, keepGreetings, unordered);
        }
        extra.lines().forEach(t::note);
        return t;
    }

    /** What each connection sent, for failure messages. */
    public String sent() {
        StringBuilder sb = new StringBuilder();
        for (RawClient c : clients) {
            String text = c.sentText();
            sb.append('[').append(c.name()).append("] ").append(text.length() > 600 ? text.substring(0, 600) + "…" : text).append('\n');
        }
        return sb.toString();
    }

    @Override
    public void close() {
        clients.forEach(RawClient::close);
    }
}
