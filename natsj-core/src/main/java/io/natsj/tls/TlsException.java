package io.natsj.tls;

/** A TLS configuration that cannot be used, with nats-server's text for the problem. */
public final class TlsException extends Exception {
    private static final long serialVersionUID = 1L;

    public TlsException(String message) {
        super(message, null, false, false);
    }
}
