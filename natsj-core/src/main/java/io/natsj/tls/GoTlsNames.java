package io.natsj.tls;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * nats-server's names for cipher suites and curves (Go's crypto/tls constants, see its
 * ciphersuites.go) and the JDK's names for the same things.
 */
public final class GoTlsNames {
    /** Go name to JSSE name. Go drops the _SHA256 of the CHACHA20 suites and JSSE keeps SSL_ on old ones. */
    private static final Map<String, String> CIPHERS = Map.ofEntries(
            Map.entry("TLS_RSA_WITH_RC4_128_SHA", "SSL_RSA_WITH_RC4_128_SHA"),
            Map.entry("TLS_RSA_WITH_3DES_EDE_CBC_SHA", "SSL_RSA_WITH_3DES_EDE_CBC_SHA"),
            Map.entry("TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_AES_128_CBC_SHA"),
            Map.entry("TLS_RSA_WITH_AES_128_CBC_SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA256"),
            Map.entry("TLS_RSA_WITH_AES_256_CBC_SHA", "TLS_RSA_WITH_AES_256_CBC_SHA"),
            Map.entry("TLS_RSA_WITH_AES_256_GCM_SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("TLS_ECDHE_ECDSA_WITH_RC4_128_SHA", "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA"),
            Map.entry("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"),
            Map.entry("TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"),
            Map.entry("TLS_ECDHE_RSA_WITH_RC4_128_SHA", "TLS_ECDHE_RSA_WITH_RC4_128_SHA"),
            Map.entry("TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA"),
            Map.entry("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
            Map.entry("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"),
            Map.entry("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"),
            Map.entry("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"),
            Map.entry("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
            Map.entry("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
            Map.entry("TLS_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256"),
            Map.entry("TLS_AES_256_GCM_SHA384", "TLS_AES_256_GCM_SHA384"),
            Map.entry("TLS_CHACHA20_POLY1305_SHA256", "TLS_CHACHA20_POLY1305_SHA256"));

    /** nats-server's defaultCipherSuites(), which it uses when the file names none. */
    static final List<String> DEFAULT_CIPHERS = List.of(
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");

    /**
     * Go always enables its TLS 1.3 suites whatever cipher_suites says (the setting is for TLS 1.2);
     * JSSE only enables what it is given, so these are added to every list.
     */
    static final List<String> TLS13_CIPHERS = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

    private static final Map<String, String> CURVES = Map.of(
            "X25519", "x25519",
            "CurveP256", "secp256r1",
            "CurveP384", "secp384r1",
            "CurveP521", "secp521r1");

    private GoTlsNames() {
    }

    /** Whether nats-server knows this cipher suite name (its cipherMap). */
    public static boolean isCipher(String goName) {
        return CIPHERS.containsKey(goName);
    }

    /** Whether nats-server knows this curve name (its curvePreferenceMap). */
    public static boolean isCurve(String goName) {
        return CURVES.containsKey(goName);
    }

    /** JSSE names for Go cipher suite names (Go's defaults if none), TLS 1.3 suites included. */
    static List<String> jdkCiphers(List<String> goNames) {
        List<String> out = new ArrayList<>();
        for (String n : goNames.isEmpty() ? DEFAULT_CIPHERS : goNames) {
            String jdk = CIPHERS.get(n);
            if (jdk != null && !out.contains(jdk)) {
                out.add(jdk);
            }
        }
        for (String n : TLS13_CIPHERS) {
            if (!out.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }

    /** JSSE named groups for Go curve names; empty for none. */
    static String[] jdkCurves(List<String> goNames) {
        return goNames.stream().map(CURVES::get).filter(c -> c != null).distinct().toArray(String[]::new);
    }

    /** Go's tlsVersion(): "1.2" for "TLSv1.2". */
    public static String goVersion(String jdkProtocol) {
        return jdkProtocol.startsWith("TLSv") ? jdkProtocol.substring(4) : jdkProtocol;
    }

    /** Go's tlsCipher(): the Go name of a suite that JSSE negotiated. */
    public static String goCipher(String jdkName) {
        for (Map.Entry<String, String> e : CIPHERS.entrySet()) {
            if (e.getValue().equals(jdkName)) {
                return e.getKey();
            }
        }
        return jdkName;
    }
}
