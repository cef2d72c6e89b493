package io.natsj.it.support;

/** The two servers under test: natsj, and the Go nats-server it must behave like. */
public enum ServerKind {
    GO {
        @Override
        public TestServer start(Limits limits) {
            return GoNatsServer.start(limits);
        }
    },
    NATSJ {
        @Override
        public TestServer start(Limits limits) {
            return NatsjTestServer.start(limits);
        }
    };

    public abstract TestServer start(Limits limits);
}
