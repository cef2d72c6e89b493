package io.natsj.config;

import io.natsj.auth.Import;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An account's {@code imports}, as nats-server's parseAccountImports and parseImportStreamOrService
 * read them: {@code {stream: {account, subject}}} with prefix or to, {@code {service: {account,
 * subject}}} with to. Keys are taken in file order (Go's map order is random, so for a file whose
 * verdict depends on the order, natsj's is one of Go's).
 */
final class ImportsReader {
    private ImportsReader() {
    }

    /** Go's parseAccountImports; null (error added) when not an array. */
    static List<Import> parse(ConfigValue tk, List<String> errors) {
        if (tk.kind() != ConfigValue.Kind.ARRAY) {
            errors.add(tk.source() + ": Imports should be an array, got " + GoFormat.t(tk));
            return null;
        }
        List<Import> out = new ArrayList<>();
        Map<String, Import> services = new HashMap<>();
        for (ConfigValue v : tk.asList()) {
            Import i = entry(v, errors);
            if (i == null) {
                continue;
            }
            if (i.service()) {
                String local = localSubject(i);
                Import dup = services.get(local);
                if (dup != null) {
                    errors.add(v.source() + ": Duplicate service import subject " + GoFormat.q(local)
                            + ", previously used in import for account " + GoFormat.q(dup.account()) + ", subject "
                            + GoFormat.q(dup.subject()));
                    continue;
                }
                services.put(local, i);
            }
            out.add(i);
        }
        return out;
    }

    /** The subject a service import's clients publish to. */
    static String localSubject(Import i) {
        return i.to() == null ? i.subject() : i.to();
    }

    /** Go's parseImportStreamOrService; null after an error or when neither stream nor service is given. */
    private static Import entry(ConfigValue tk, List<String> errors) {
        if (tk.kind() != ConfigValue.Kind.MAP) {
            errors.add(tk.source() + ": Import Items should be a map with type entry, got " + GoFormat.t(tk));
            return null;
        }
        String[] stream = null; // account, subject
        String[] service = null;
        String pre = "";
        String to = "";
        // The to and prefix of the stream, as Go sets them on its import while reading.
        String streamTo = "";
        String streamPre = "";
        String serviceTo = "";
        try {
            for (Map.Entry<String, ConfigValue> e : tk.asMap().entrySet()) {
                ConfigValue v = e.getValue();
                switch (e.getKey().toLowerCase(Locale.ROOT)) {
                    case "stream":
                        if (service != null) {
                            errors.add(v.source() + ": Detected stream but already saw a service");
                            break;
                        }
                        String[] s = accountAndSubject(v, "Stream", errors);
                        if (s != null) {
                            stream = s;
                            streamTo = to;
                            streamPre = pre;
                        }
                        break;
                    case "service":
                        if (stream != null) {
                            errors.add(v.source() + ": Detected service but already saw a stream");
                            break;
                        }
                        String[] c = accountAndSubject(v, "Service", errors);
                        if (c != null) {
                            service = c;
                            serviceTo = to;
                        }
                        break;
                    case "prefix":
                        pre = GoPanic.string(v);
                        if (stream != null) {
                            streamPre = pre;
                        }
                        break;
                    case "to":
                        to = GoPanic.string(v);
                        if (service != null) {
                            serviceTo = to;
                        }
                        if (stream != null) {
                            streamTo = to;
                            if (!streamPre.isEmpty()) {
                                errors.add(v.source() + ": Stream import can not have a 'prefix' and a 'to' property");
                            }
                        }
                        break;
                    case "share":
                        // Only shares latency samples with the exporter; natsj refuses latency exports.
                        GoPanic.bool(v);
                        break;
                    default:
                        if (!v.usedVariable()) {
                            errors.add(v.source() + ": unknown field " + GoFormat.q(e.getKey()));
                        }
                }
            }
        } catch (GoPanic p) {
            errors.add(p.getMessage());
            return null;
        }
        if (stream != null) {
            return new Import(false, stream[0], stream[1], AuthDraft.emptyToNull(streamTo),
                    AuthDraft.emptyToNull(streamPre));
        }
        if (service != null) {
            return new Import(true, service[0], service[1], AuthDraft.emptyToNull(serviceTo), null);
        }
        return null;
    }

    /** The {account, subject} map of an import (Go's parseAccount), or null after an error. */
    private static String[] accountAndSubject(ConfigValue v, String what, List<String> errors) {
        if (v.kind() != ConfigValue.Kind.MAP) {
            errors.add(v.source() + ": " + what + " entry should be an account map, got " + GoFormat.t(v));
            return null;
        }
        String account = "";
        String subject = "";
        try {
            for (Map.Entry<String, ConfigValue> e : v.asMap().entrySet()) {
                ConfigValue mv = e.getValue();
                switch (e.getKey().toLowerCase(Locale.ROOT)) {
                    case "account":
                        account = GoPanic.string(mv);
                        break;
                    case "subject":
                        subject = GoPanic.string(mv);
                        break;
                    default:
                        if (!mv.usedVariable()) {
                            errors.add(mv.source() + ": unknown field " + GoFormat.q(e.getKey()));
                        }
                }
            }
        } catch (GoPanic p) {
            // Go's parseAccount recovers and returns empty names, which the next check refuses.
            errors.add(p.getMessage());
            account = "";
            subject = "";
        }
        if (account.isEmpty() || subject.isEmpty()) {
            errors.add(v.source() + ": Expect an account name and a subject");
            return null;
        }
        return new String[] {account, subject};
    }
}
