package io.natsj.config;

import io.natsj.auth.Export;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An account's {@code exports}, as nats-server's parseAccountExports and parseExportStreamOrService
 * read them: {@code {stream: S}} or {@code {service: S}}, with accounts (none or an empty list:
 * public), and for services a response type and threshold. Keys are taken in file order, so the
 * order-dependent checks ("Detected stream ... but already saw a service") fire as Go's would for
 * that order.
 */
final class ExportsReader {
    private ExportsReader() {
    }

    /** Go's parseAccountExports; null (error added) when not an array. */
    static List<Export> parse(ConfigValue tk, List<String> errors) {
        if (tk.kind() != ConfigValue.Kind.ARRAY) {
            errors.add(tk.source() + ": Exports should be an array, got " + GoFormat.t(tk));
            return null;
        }
        List<Export> out = new ArrayList<>();
        for (ConfigValue v : tk.asList()) {
            Export e = entry(v, errors);
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    /** Go's parseExportStreamOrService; null after an error or when neither stream nor service is given. */
    private static Export entry(ConfigValue tk, List<String> errors) {
        if (tk.kind() != ConfigValue.Kind.MAP) {
            errors.add(tk.source() + ": Export Items should be a map with type entry, got " + GoFormat.t(tk));
            return null;
        }
        String stream = null;
        String service = null;
        List<String> accounts = null;
        String rt = null;
        boolean rtSeen = false;
        ConfigValue rtToken = null;
        ConfigValue latToken = null;
        boolean threshSeen = false;
        Duration thresh = null;
        try {
            for (Map.Entry<String, ConfigValue> e : tk.asMap().entrySet()) {
                ConfigValue v = e.getValue();
                String key = e.getKey();
                switch (key.toLowerCase(Locale.ROOT)) {
                    case "stream":
                        if (service != null) {
                            errors.add(v.source() + ": Detected stream " + GoFormat.q(GoFormat.v(v))
                                    + " but already saw a service");
                        } else if (rtToken != null) {
                            errors.add(rtToken.source() + ": Detected response directive on non-service");
                        } else if (latToken != null) {
                            errors.add(latToken.source() + ": Detected latency directive on non-service");
                        } else if (v.kind() != ConfigValue.Kind.STRING) {
                            errors.add(v.source() + ": Expected stream name to be string, got " + GoFormat.t(v));
                        } else {
                            stream = (String) v.value();
                        }
                        break;
                    case "service":
                        if (stream != null) {
                            errors.add(v.source() + ": Detected service " + GoFormat.q(GoFormat.v(v))
                                    + " but already saw a stream");
                        } else if (v.kind() != ConfigValue.Kind.STRING) {
                            errors.add(v.source() + ": Expected service name to be string, got " + GoFormat.t(v));
                        } else {
                            service = (String) v.value();
                        }
                        break;
                    case "response":
                    case "response_type":
                        if (rtSeen) {
                            errors.add(v.source() + ": Duplicate response type definition");
                            break;
                        }
                        rtSeen = true;
                        rtToken = v;
                        if (v.kind() != ConfigValue.Kind.STRING) {
                            errors.add(v.source() + ": Expected response type to be string, got " + GoFormat.t(v));
                            break;
                        }
                        String type = responseType((String) v.value());
                        if (type == null) {
                            errors.add(v.source() + ": Unknown response type: " + GoFormat.q((String) v.value()));
                            break;
                        }
                        rt = type;
                        if (stream != null) {
                            errors.add(v.source() + ": Detected response directive on non-service");
                        }
                        break;
                    case "threshold":
                    case "response_threshold":
                    case "response_max_time":
                    case "response_time":
                        if (threshSeen) {
                            errors.add(v.source() + ": Duplicate response threshold detected");
                            break;
                        }
                        threshSeen = true;
                        if (v.kind() != ConfigValue.Kind.STRING) {
                            errors.add(v.source() + ": Expected response threshold to be a parseable time duration, got "
                                    + GoFormat.t(v));
                            break;
                        }
                        try {
                            thresh = GoDurations.parse((String) v.value());
                        } catch (IllegalArgumentException ex) {
                            errors.add(v.source() + ": Expected response threshold to be a parseable time duration, got "
                                    + GoFormat.q((String) v.value()));
                            break;
                        }
                        if (stream != null) {
                            errors.add(v.source() + ": Detected response directive on non-service");
                        }
                        break;
                    case "accounts":
                        List<String> names = new ArrayList<>();
                        for (ConfigValue a : GoPanic.list(v)) {
                            names.add(GoPanic.string(a));
                        }
                        // Go's nil slice: an empty list leaves the export public.
                        accounts = names.isEmpty() ? null : names;
                        break;
                    case "latency":
                        latToken = v;
                        AccountsReader.unsupported(key, v, "service latency tracking", errors);
                        break;
                    case "account_token_position":
                        if (GoPanic.integer(v) != 0) {
                            AccountsReader.unsupported(key, v, "account token positions", errors);
                        }
                        break;
                    default:
                        if (!v.usedVariable()) {
                            errors.add(v.source() + ": unknown field " + GoFormat.q(key));
                        }
                }
            }
        } catch (GoPanic p) {
            errors.add(p.getMessage());
            return null;
        }
        if (stream != null) {
            return new Export(stream, false, accounts, null, null);
        }
        if (service != null) {
            // Go's zero threshold means its default.
            Duration threshold = thresh == null || thresh.isZero() ? null : thresh;
            return new Export(service, true, accounts, rt, threshold);
        }
        return null;
    }

    /** Go's names for the response types, any case. */
    private static String responseType(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "single":
            case "singleton":
                return Export.SINGLETON;
            case "stream":
                return Export.STREAM;
            case "chunk":
            case "chunked":
                return Export.CHUNKED;
            default:
                return null;
        }
    }
}
