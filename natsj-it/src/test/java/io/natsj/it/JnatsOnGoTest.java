package io.natsj.it;

import io.natsj.it.support.GoNatsServer;
import io.natsj.it.support.Limits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The jnats contract against the Go nats-server: shows that the tests expect what NATS does. */
class JnatsOnGoTest extends JnatsContract {
    private GoNatsServer server;

    @BeforeAll
    void startServer() {
        server = GoNatsServer.start(Limits.DEFAULTS);
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected String url() {
        return server.url();
    }
}
