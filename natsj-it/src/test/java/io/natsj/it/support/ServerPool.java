package io.natsj.it.support;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Servers shared by the tests of one class: one per (kind, limits), started on first use and
 * closed together. A server that failed to start fails every test that asks for it, quickly.
 */
public final class ServerPool implements AutoCloseable {
    private record Key(ServerKind kind, Limits limits) {
    }

    private final Map<Key, Object> servers = new LinkedHashMap<>();

    public synchronized TestServer get(ServerKind kind, Limits limits) {
        Object s = servers.computeIfAbsent(new Key(kind, limits), k -> {
            try {
                return kind.start(limits);
            } catch (RuntimeException e) {
                if (e.getClass().getName().startsWith("org.opentest4j")) {
                    throw e; // skipped (nats-server missing): let JUnit see it every time
                }
                return e;
            }
        });
        if (s instanceof RuntimeException e) {
            throw new IllegalStateException(kind + " server did not start with " + limits + ": " + e, e);
        }
        return (TestServer) s;
    }

    @Override
    public synchronized void close() {
        for (Object s : servers.values()) {
            if (s instanceof TestServer t) {
                t.close();
            }
        }
        servers.clear();
    }
}
