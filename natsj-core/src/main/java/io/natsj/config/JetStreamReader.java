package io.natsj.config;

import io.natsj.JetStreamOptions;
import io.natsj.auth.JetStreamLimits;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code jetstream} keys as nats-server 2.9 reads them: the server's block (parseJetStream), the
 * top-level {@code store_dir}, and an account's block (parseJetStreamForAccount), with Go's aliases
 * and texts. Go walks a block's keys in map order; natsj in the file's order.
 *
 * <p>A value of the wrong Go type for a string or boolean key panics in nats-server and is reported at
 * the top-level {@code jetstream} key; here that is a {@link TypeMismatch} caught by
 * {@link ConfigOptions}, which reports it at the same place.
 *
 * <p>natsj extension: {@code sync_interval} ("always", natsj's default, or a Go duration), which
 * nats-server 2.10 has and 2.9 refuses as an unknown field.
 */
final class JetStreamReader {
    /** nats-server refuses these as unknown under an account's jetstream block. */
    private static final String ENCRYPTION = "JetStream encryption";

    private JetStreamReader() {
    }

    /** nats-server's parseJetStream: the top-level {@code jetstream} value into {@code js}. */
    static void server(ConfigValue tk, JetStreamOptions.Builder js, List<String> errors) {
        switch (tk.kind()) {
            case BOOLEAN -> js.enabled((Boolean) tk.value());
            case STRING -> {
                Boolean on = enabledWord((String) tk.value());
                if (on == null) {
                    errors.add(tk.source() + ": Expected 'enabled' or 'disabled' for string value, got '" + tk.value() + "'");
                    return;
                }
                js.enabled(on);
            }
            case MAP -> block(tk.asMap(), js, errors);
            default -> errors.add(tk.source() + ": Expected map, bool or string to define JetStream, got "
                    + TypeMismatch.goType(tk.kind()));
        }
    }

    private static void block(Map<String, ConfigValue> m, JetStreamOptions.Builder js, List<String> errors) {
        boolean enable = true;
        for (Map.Entry<String, ConfigValue> e : m.entrySet()) {
            String key = e.getKey();
            ConfigValue v = e.getValue();
            String k = key.toLowerCase(Locale.ROOT);
            switch (k) {
                case "store", "store_dir", "storedir" -> {
                    if (js.storeDir() != null) {
                        errors.add(v.source() + ": Duplicate 'store_dir' configuration");
                        return;
                    }
                    js.storeDir(string(v));
                }
                case "max_memory_store", "max_mem_store", "max_mem" -> {
                    Long size = storageSize("max_mem_store", v, errors);
                    if (size == null) {
                        return;
                    }
                    js.maxMemory(size);
                }
                case "max_file_store", "max_file" -> {
                    Long size = storageSize("max_file_store", v, errors);
                    if (size == null) {
                        return;
                    }
                    js.maxStore(size);
                }
                case "max_outstanding_catchup" -> {
                    // Clustering only: read and checked as nats-server does, nothing to apply alone.
                    if (storageSize(k, v, errors) == null) {
                        return;
                    }
                }
                case "domain" -> js.domain(string(v));
                case "enable", "enabled" -> enable = (Boolean) TypeMismatch.expect(v, ConfigValue.Kind.BOOLEAN);
                case "unique_tag" -> js.uniqueTag(string(v).strip().toLowerCase(Locale.ROOT));
                case "extension_hint" -> string(v); // leaf-node domain extension: nothing to extend alone
                case "sync_interval" -> {
                    if (!syncInterval(v, js, errors)) {
                        return;
                    }
                }
                case "key", "ek", "encryption_key" -> {
                    string(v);
                    AccountsReader.unsupported(key, v, ENCRYPTION, errors);
                }
                case "cipher" -> {
                    String c = string(v).toLowerCase(Locale.ROOT);
                    if (!c.equals("chacha") && !c.equals("chachapoly") && !c.equals("aes")) {
                        errors.add(v.source() + ": Unknown cipher type: " + GoFormat.q(string(v)));
                        return;
                    }
                    AccountsReader.unsupported(key, v, ENCRYPTION, errors);
                }
                case "limits" -> AccountsReader.unsupported(key, v, "JetStream server limits", errors);
                default -> {
                    if (!v.usedVariable()) {
                        errors.add(v.source() + ": unknown field " + GoFormat.q(key));
                    }
                }
            }
        }
        js.enabled(enable);
    }

    /** natsj's sync_interval: "always" or a Go duration; false after reporting a problem. */
    private static boolean syncInterval(ConfigValue v, JetStreamOptions.Builder js, List<String> errors) {
        if (v.kind() == ConfigValue.Kind.STRING && ((String) v.value()).equalsIgnoreCase("always")) {
            js.syncInterval(null);
            return true;
        }
        if (v.kind() != ConfigValue.Kind.STRING) {
            errors.add(v.source() + ": sync_interval must be \"always\" or a duration, got " + GoFormat.v(v));
            return false;
        }
        Duration d;
        try {
            d = GoDurations.parse((String) v.value());
        } catch (IllegalArgumentException e) {
            errors.add(v.source() + ": error parsing sync_interval: " + e.getMessage());
            return false;
        }
        if (d.isNegative() || d.isZero()) {
            errors.add(v.source() + ": sync_interval must be \"always\" or a positive duration, got " + GoFormat.v(v));
            return false;
        }
        js.syncInterval(d);
        return true;
    }

    /** The top-level {@code store_dir}/{@code storedir} key. */
    static void storeDir(ConfigValue v, JetStreamOptions.Builder js, List<String> errors) {
        if (js.storeDir() != null) {
            errors.add(v.source() + ": Duplicate 'store_dir' configuration");
            return;
        }
        js.storeDir(string(v));
    }

    /**
     * nats-server's parseJetStreamForAccount: the limits, {@link JetStreamLimits#DYNAMIC} for "enabled",
     * null for "disabled". Go reports the errors of the value itself without a position (it was handed
     * the bare value), those of the block's keys at the key.
     *
     * @return {@code current} when the value is refused
     */
    static JetStreamLimits account(ConfigValue v, JetStreamLimits current, List<String> errors) {
        switch (v.kind()) {
            case BOOLEAN:
                return (Boolean) v.value() ? JetStreamLimits.DYNAMIC : current;
            case STRING:
                Boolean on = enabledWord((String) v.value());
                if (on == null) {
                    errors.add("Expected 'enabled' or 'disabled' for string value, got '" + v.value() + "'");
                    return current;
                }
                return on ? JetStreamLimits.DYNAMIC : null;
            case MAP:
                try {
                    return accountBlock(v.asMap(), errors);
                } catch (AccountValueException e) {
                    errors.add(e.getMessage());
                    return current;
                }
            default:
                errors.add("Expected map, bool or string to define JetStream, got " + TypeMismatch.goType(v.kind()));
                return current;
        }
    }

    private static JetStreamLimits accountBlock(Map<String, ConfigValue> m, List<String> errors) {
        long maxMemory = -1;
        long maxStore = -1;
        long maxStreams = -1;
        long maxConsumers = -1;
        long maxAckPending = -1;
        long memoryMaxStreamBytes = -1;
        long storeMaxStreamBytes = -1;
        boolean maxBytesRequired = false;
        for (Map.Entry<String, ConfigValue> e : m.entrySet()) {
            String key = e.getKey();
            ConfigValue v = e.getValue();
            switch (key.toLowerCase(Locale.ROOT)) {
                case "max_memory", "max_mem", "mem", "memory" -> maxMemory = size(key, v);
                case "max_store", "max_file", "max_disk", "store", "disk" -> maxStore = size(key, v);
                case "max_streams", "streams" -> maxStreams = size(key, v);
                case "max_consumers", "consumers" -> maxConsumers = size(key, v);
                case "max_bytes_required", "max_stream_bytes", "max_bytes" -> {
                    if (v.kind() != ConfigValue.Kind.BOOLEAN) {
                        throw new AccountValueException(v.source() + ": Expected a parseable bool for "
                                + GoFormat.q(key) + ", got " + GoFormat.v(v));
                    }
                    maxBytesRequired = (Boolean) v.value();
                }
                case "mem_max_stream_bytes", "memory_max_stream_bytes" -> memoryMaxStreamBytes = size(key, v);
                case "disk_max_stream_bytes", "store_max_stream_bytes" -> storeMaxStreamBytes = size(key, v);
                case "max_ack_pending" -> maxAckPending = size(key, v);
                default -> {
                    if (!v.usedVariable()) {
                        errors.add(v.source() + ": unknown field " + GoFormat.q(key));
                    }
                }
            }
        }
        return new JetStreamLimits(maxMemory, maxStore, maxStreams, maxConsumers, maxAckPending, memoryMaxStreamBytes,
                storeMaxStreamBytes, maxBytesRequired);
    }

    /** An account block's size: Go wants an int64 here, strings with suffixes are not read. */
    private static long size(String key, ConfigValue v) {
        if (v.kind() != ConfigValue.Kind.INTEGER) {
            throw new AccountValueException(v.source() + ": Expected a parseable size for " + GoFormat.q(key)
                    + ", got " + GoFormat.v(v));
        }
        return (Long) v.value();
    }

    /** Go's parseJetStreamForAccount returns at the first bad value: the block's limits are not set. */
    static final class AccountValueException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AccountValueException(String message) {
            super(message, null, false, false);
        }
    }

    /** nats-server's getStorageSize: an integer, or a string with a K, M, G or T (powers of 1024) suffix. */
    private static Long storageSize(String what, ConfigValue v, List<String> errors) {
        try {
            return storageSize(v);
        } catch (IllegalArgumentException e) {
            errors.add(v.source() + ": " + what + " " + e.getMessage());
            return null;
        }
    }

    static long storageSize(ConfigValue v) {
        if (v.kind() == ConfigValue.Kind.INTEGER) {
            return (Long) v.value();
        }
        if (v.kind() != ConfigValue.Kind.STRING) {
            throw new IllegalArgumentException("must be int64 or string");
        }
        String s = (String) v.value();
        if (s.isEmpty()) {
            return 0;
        }
        String suffix = s.substring(s.length() - 1);
        String prefix = s.substring(0, s.length() - 1);
        long num;
        try {
            num = Long.parseLong(prefix);
        } catch (NumberFormatException e) {
            String why = prefix.matches("[+-]?[0-9]+") ? "value out of range" : "invalid syntax";
            throw new IllegalArgumentException("strconv.ParseInt: parsing " + GoFormat.q(prefix) + ": " + why);
        }
        int shift = switch (suffix) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> throw new IllegalArgumentException("sizes defined as strings must end in K, M, G, T");
        };
        return num << shift; // Go's num *= 1 << mult: wraps the same way
    }

    private static Boolean enabledWord(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "enabled", "enable" -> Boolean.TRUE;
            case "disabled", "disable" -> Boolean.FALSE;
            default -> null;
        };
    }

    private static String string(ConfigValue v) {
        return (String) TypeMismatch.expect(v, ConfigValue.Kind.STRING);
    }
}
