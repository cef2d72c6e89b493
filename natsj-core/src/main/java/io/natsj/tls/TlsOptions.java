package io.natsj.tls;

import java.time.Duration;
import java.util.List;

/**
 * TLS on the client port, as nats-server's {@code tls} block and {@code --tls*} flags. Files are PEM.
 *
 * @param certFile the server certificate (chain)
 * @param keyFile its private key
 * @param caFile CAs that client certificates are verified against; null: the JDK's default trust
 * @param verify require and verify a client certificate (mutual TLS)
 * @param verifyAndMap as verify, and the certificate's identity names the user
 * @param timeout handshake time limit; nats-server's default is 2 s
 * @param cipherSuites Go's names, as cipher_suites; empty: nats-server's defaults (TLS 1.3 suites are always on, as in Go)
 * @param curvePreferences Go names (CurveP256, X25519, ...); empty: the JDK's defaults
 * @param pinnedCerts hex SHA-256 of the DER SubjectPublicKeyInfo of each client certificate allowed (as
 *     nats-server pins keys); empty: any
 */
public record TlsOptions(String certFile, String keyFile, String caFile, boolean verify, boolean verifyAndMap,
        Duration timeout, List<String> cipherSuites, List<String> curvePreferences, List<String> pinnedCerts) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    public TlsOptions {
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        cipherSuites = cipherSuites == null ? List.of() : List.copyOf(cipherSuites);
        curvePreferences = curvePreferences == null ? List.of() : List.copyOf(curvePreferences);
        pinnedCerts = pinnedCerts == null ? List.of() : List.copyOf(pinnedCerts);
    }

    /** Client certificates are required (verify or verify_and_map). */
    public boolean clientCertRequired() {
        return verify || verifyAndMap;
    }
}
