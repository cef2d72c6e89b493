package io.natsj.tls;

import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;

/**
 * Go's words for a failed server handshake, for the "TLS handshake error: ..." log line: JSSE's
 * exceptions say the same things differently, and operators grep nats-server's texts.
 */
public final class HandshakeErrors {
    /** JSSE alert names (as in "Received fatal alert: x") to Go's alertText. */
    private static final Map<String, String> ALERTS = Map.ofEntries(
            Map.entry("close_notify", "close notify"),
            Map.entry("unexpected_message", "unexpected message"),
            Map.entry("bad_record_mac", "bad record MAC"),
            Map.entry("decryption_failed", "decryption failed"),
            Map.entry("record_overflow", "record overflow"),
            Map.entry("decompression_failure", "decompression failure"),
            Map.entry("handshake_failure", "handshake failure"),
            Map.entry("bad_certificate", "bad certificate"),
            Map.entry("unsupported_certificate", "unsupported certificate"),
            Map.entry("certificate_revoked", "revoked certificate"),
            Map.entry("certificate_expired", "expired certificate"),
            Map.entry("certificate_unknown", "unknown certificate"),
            Map.entry("illegal_parameter", "illegal parameter"),
            Map.entry("unknown_ca", "unknown certificate authority"),
            Map.entry("access_denied", "access denied"),
            Map.entry("decode_error", "error decoding message"),
            Map.entry("decrypt_error", "error decrypting message"),
            Map.entry("protocol_version", "protocol version not supported"),
            Map.entry("insufficient_security", "insufficient security level"),
            Map.entry("internal_error", "internal error"),
            Map.entry("inappropriate_fallback", "inappropriate fallback"),
            Map.entry("user_canceled", "user canceled"),
            Map.entry("no_renegotiation", "no renegotiation"),
            Map.entry("missing_extension", "missing extension"),
            Map.entry("unsupported_extension", "unsupported extension"),
            Map.entry("unrecognized_name", "unrecognized name"),
            Map.entry("certificate_required", "certificate required"),
            Map.entry("no_application_protocol", "no application protocol"));

    /** Go's text for a first record that is not TLS (a plain NATS client, say). */
    public static final String NOT_TLS = "tls: first record does not look like a TLS handshake";

    private HandshakeErrors() {
    }

    /** Go's text for why the handshake failed, as near as JSSE lets us tell. */
    public static String goText(Throwable cause) {
        Throwable t = cause;
        while (t.getCause() != null && !(t instanceof SSLHandshakeException) && t.getCause() != t) {
            t = t.getCause();
        }
        if (t instanceof ClosedChannelException) {
            return "EOF";
        }
        String m = String.valueOf(t.getMessage());
        String lower = m.toLowerCase(Locale.ROOT);
        if (m.startsWith("Received fatal alert: ")) {
            String alert = m.substring("Received fatal alert: ".length()).trim();
            return "remote error: tls: " + ALERTS.getOrDefault(alert, alert);
        }
        if (lower.contains("empty client certificate chain") || lower.contains("empty certificate chain")) {
            return "tls: client didn't provide a certificate";
        }
        if (lower.contains("no cipher suites in common") || lower.contains("no negotiable cipher suite")) {
            return "tls: no cipher suite supported by both client and server";
        }
        if (lower.contains("connection closed while ssl/tls handshake") || lower.contains("closed engine without")) {
            return "EOF";
        }
        Throwable root = rootOf(cause);
        if (root instanceof CertificateExpiredException || root instanceof CertificateNotYetValidException) {
            return "tls: failed to verify client certificate: x509: certificate has expired or is not yet valid";
        }
        if (root instanceof CertPathValidatorException || lower.contains("pkix path") || lower.contains("unable to find valid certification path")) {
            return "tls: failed to verify client certificate: x509: certificate signed by unknown authority";
        }
        if (lower.contains("protocol") && (lower.contains("not enabled") || lower.contains("not supported"))) {
            return "tls: client offered only unsupported versions";
        }
        return "tls: " + m;
    }

    private static Throwable rootOf(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
