package io.natsj.it;

import io.natsj.NatsServer;
import io.natsj.junit.NatsServerExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** The jnats contract against natsj, started by natsj's JUnit extension and shared by the class. */
@ExtendWith(NatsServerExtension.class)
class JnatsOnNatsjTest extends JnatsContract {
    private final String url;

    JnatsOnNatsjTest(NatsServer server) {
        this.url = server.clientUrl();
    }

    @Override
    protected String url() {
        return url;
    }
}
