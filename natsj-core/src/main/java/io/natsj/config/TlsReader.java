package io.natsj.config;

import io.natsj.tls.GoTlsNames;
import io.natsj.tls.ServerTls;
import io.natsj.tls.TlsException;
import io.natsj.tls.TlsOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The top-level {@code tls} block, read as nats-server 2.9's parseTLS and GenTLSConfig read it: the
 * same keys, the same error texts, the first error ends the block; the files are read now so that
 * {@code -t} and start-up report a missing or broken certificate with nats-server's words.
 */
final class TlsReader {
    private static final Pattern SHA256_HEX = Pattern.compile("^[A-Fa-f0-9]{64}$");
    private static final String PINNED_FORM = "hex-encoded sha256 of DER encoded SubjectPublicKeyInfo";

    private String certFile;
    private String keyFile;
    private String caFile;
    private boolean verify;
    private boolean verifyAndMap;
    private Duration timeout;
    private List<String> ciphers;
    private List<String> curves;
    private List<String> pinned;

    private TlsReader() {
    }

    /**
     * @return the options, or null after adding the (single) error to {@code errors}
     */
    static TlsOptions read(ConfigValue block, List<String> errors) {
        TlsReader r = new TlsReader();
        String error;
        try {
            TypeMismatch.expect(block, ConfigValue.Kind.MAP);
            error = r.fields(block.asMap());
        } catch (TypeMismatch e) {
            error = block.source() + ": " + e.getMessage();
        }
        if (error != null) {
            errors.add(error);
            return null;
        }
        TlsOptions o = new TlsOptions(r.certFile, r.keyFile, r.caFile, r.verify, r.verifyAndMap, r.timeout,
                r.ciphers, r.curves, r.pinned);
        try {
            ServerTls.check(o);
        } catch (TlsException e) {
            errors.add(block.source() + ": " + e.getMessage());
            return null;
        }
        return o;
    }

    /** @return the first error as "file:line:col: text", or null */
    private String fields(Map<String, ConfigValue> m) {
        for (Map.Entry<String, ConfigValue> e : m.entrySet()) {
            ConfigValue v = e.getValue();
            String err;
            try {
                err = field(e.getKey(), v);
            } catch (TypeMismatch t) {
                err = t.getMessage();
            } catch (Positioned p) {
                return p.getMessage();
            }
            if (err != null) {
                return v.source() + ": " + err;
            }
        }
        return null;
    }

    private String field(String key, ConfigValue v) {
        switch (key.toLowerCase(Locale.ROOT)) {
            case "cert_file":
                certFile = file(v);
                return certFile == null ? "error parsing tls config, expected 'cert_file' to be filename" : null;
            case "key_file":
                keyFile = file(v);
                return keyFile == null ? "error parsing tls config, expected 'key_file' to be filename" : null;
            case "ca_file":
                caFile = file(v);
                return caFile == null ? "error parsing tls config, expected 'ca_file' to be filename" : null;
            case "insecure":
                // Only meaningful where the server is the TLS client (routes, leaf nodes); accepted.
                return v.kind() == ConfigValue.Kind.BOOLEAN ? null : "error parsing tls config, expected 'insecure' to be a boolean";
            case "verify":
                if (v.kind() != ConfigValue.Kind.BOOLEAN) {
                    return "error parsing tls config, expected 'verify' to be a boolean";
                }
                verify = (Boolean) v.value();
                return null;
            case "verify_and_map":
                if (v.kind() != ConfigValue.Kind.BOOLEAN) {
                    return "error parsing tls config, expected 'verify_and_map' to be a boolean";
                }
                verifyAndMap = (Boolean) v.value();
                verify |= verifyAndMap;
                return null;
            case "verify_cert_and_check_known_urls":
                if (v.kind() != ConfigValue.Kind.BOOLEAN) {
                    return "error parsing tls config, expected 'verify_cert_and_check_known_urls' to be a boolean";
                }
                return Boolean.TRUE.equals(v.value()) ? "verify_cert_and_check_known_urls not supported in this context" : null;
            case "cipher_suites":
                return ciphers(v);
            case "curve_preferences":
                return curves(v);
            case "timeout":
                return timeout(v);
            case "connection_rate_limit":
                if (v.kind() != ConfigValue.Kind.INTEGER) {
                    return "error parsing tls config, 'connection_rate_limit' wrong type";
                }
                return (Long) v.value() > 0 ? "option \"connection_rate_limit\" is not supported by natsj yet (TLS connection rate limit)" : null;
            case "pinned_certs":
                return pinnedCerts(v);
            default:
                return "error parsing tls config, unknown field [" + io.natsj.protocol.GoQuote.quote(key) + "]";
        }
    }

    private static String file(ConfigValue v) {
        return v.kind() == ConfigValue.Kind.STRING ? (String) v.value() : null;
    }

    private String ciphers(ConfigValue v) {
        List<ConfigValue> list = v.kind() == ConfigValue.Kind.ARRAY ? v.asList() : null;
        if (list == null) {
            TypeMismatch.expect(v, ConfigValue.Kind.ARRAY);
        }
        if (list.isEmpty()) {
            return "error parsing tls config, 'cipher_suites' cannot be empty";
        }
        ciphers = new ArrayList<>();
        for (ConfigValue c : list) {
            String name = element(c);
            if (!GoTlsNames.isCipher(name)) {
                throw new Positioned(c, "unrecognized cipher " + name);
            }
            ciphers.add(name);
        }
        return null;
    }

    private String curves(ConfigValue v) {
        List<ConfigValue> list = v.kind() == ConfigValue.Kind.ARRAY ? v.asList() : null;
        if (list == null) {
            TypeMismatch.expect(v, ConfigValue.Kind.ARRAY);
        }
        if (list.isEmpty()) {
            return "error parsing tls config, 'curve_preferences' cannot be empty";
        }
        curves = new ArrayList<>();
        for (ConfigValue c : list) {
            String name = element(c);
            if (!GoTlsNames.isCurve(name)) {
                throw new Positioned(c, "unrecognized curve preference " + name);
            }
            curves.add(name);
        }
        return null;
    }

    private String timeout(ConfigValue v) {
        double seconds;
        switch (v.kind()) {
            case INTEGER:
                seconds = (Long) v.value();
                break;
            case FLOAT:
                seconds = (Double) v.value();
                break;
            case STRING:
                try {
                    seconds = GoDurations.parse((String) v.value()).toNanos() / 1e9;
                } catch (IllegalArgumentException e) {
                    return "error parsing tls config, 'timeout' " + e.getMessage();
                }
                break;
            default:
                return "error parsing tls config, 'timeout' wrong type";
        }
        // Zero (or nothing) is nats-server's default of 2 s.
        timeout = seconds == 0 ? null : Duration.ofNanos((long) (seconds * 1e9));
        return null;
    }

    private String pinnedCerts(ConfigValue v) {
        if (v.kind() != ConfigValue.Kind.ARRAY) {
            return "error parsing tls config, expected 'pinned_certs' to be a list of " + PINNED_FORM;
        }
        pinned = new ArrayList<>();
        for (ConfigValue c : v.asList()) {
            String entry = element(c).toLowerCase(Locale.ROOT);
            if (!SHA256_HEX.matcher(entry).matches()) {
                throw new Positioned(c, "error parsing tls config, 'pinned_certs' key " + entry + " does not look like " + PINNED_FORM);
            }
            pinned.add(entry);
        }
        return null;
    }

    /** An array element that Go asserts to be a string (a panic there reports the element's place). */
    private static String element(ConfigValue c) {
        if (c.kind() != ConfigValue.Kind.STRING) {
            throw new Positioned(c, "interface conversion: interface {} is " + TypeMismatch.goType(c.kind()) + ", not string");
        }
        return (String) c.value();
    }

    /** An error reported at an array element's place rather than the field's. */
    private static final class Positioned extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Positioned(ConfigValue at, String message) {
            super(at.source() + ": " + message, null, false, false);
        }
    }
}
