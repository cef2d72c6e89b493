package io.natsj.it.support;

/** A running NATS server (natsj or the Go nats-server) that a test talks to over TCP. */
public interface TestServer extends AutoCloseable {

    ServerKind kind();

    String host();

    int port();

    default String url() {
        return "nats://" + host() + ":" + port();
    }

    @Override
    void close();
}
