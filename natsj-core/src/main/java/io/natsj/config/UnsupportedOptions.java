package io.natsj.config;

import java.util.Map;

/**
 * The nats-server 2.9 options whose feature natsj does not have yet, with the feature each one needs.
 * Such an option is refused at start-up by name, never silently ignored; a value that only turns
 * the feature off (for example {@code syslog: false}) is accepted, since natsj already behaves
 * that way.
 */
final class UnsupportedOptions {
    private static final String OPERATOR_MODE = "operator mode and JWT authentication";
    private static final String TLS = "TLS";
    private static final String MONITORING = "the monitoring port";
    private static final String JETSTREAM_DOMAINS = "JetStream domains across leaf nodes";
    private static final String CLUSTER = "clustering";

    private static final Map<String, String> FEATURES = Map.ofEntries(
            Map.entry("mappings", "subject mappings"),
            Map.entry("maps", "subject mappings"),
            Map.entry("operator", OPERATOR_MODE),
            Map.entry("operators", OPERATOR_MODE),
            Map.entry("roots", OPERATOR_MODE),
            Map.entry("root", OPERATOR_MODE),
            Map.entry("root_operators", OPERATOR_MODE),
            Map.entry("root_operator", OPERATOR_MODE),
            Map.entry("resolver", OPERATOR_MODE),
            Map.entry("account_resolver", OPERATOR_MODE),
            Map.entry("accounts_resolver", OPERATOR_MODE),
            Map.entry("resolver_tls", OPERATOR_MODE),
            Map.entry("resolver_preload", OPERATOR_MODE),
            Map.entry("resolver_pinned_accounts", OPERATOR_MODE),
            Map.entry("trusted", OPERATOR_MODE),
            Map.entry("trusted_keys", OPERATOR_MODE),
            Map.entry("ocsp", TLS),
            Map.entry("allow_non_tls", TLS),
            Map.entry("cluster", CLUSTER),
            Map.entry("gateway", "gateways"),
            Map.entry("leaf", "leaf nodes"),
            Map.entry("leafnodes", "leaf nodes"),
            Map.entry("default_js_domain", JETSTREAM_DOMAINS),
            Map.entry("websocket", "websocket"),
            Map.entry("ws", "websocket"),
            Map.entry("mqtt", "MQTT"),
            Map.entry("syslog", "syslog"),
            Map.entry("remote_syslog", "syslog"),
            Map.entry("prof_port", "the profiling port"),
            Map.entry("disable_sublist_cache", "disabling the subscription cache"),
            Map.entry("no_sublist_cache", "disabling the subscription cache"),
            Map.entry("max_sub_tokens", "max_sub_tokens"),
            Map.entry("max_subscription_tokens", "max_sub_tokens"));

    private UnsupportedOptions() {
    }

    /** Whether nats-server 2.9 knows this (lower-cased) top-level key at all. */
    static boolean isKnown(String key) {
        return FEATURES.containsKey(key);
    }

    /** The missing feature this option asks for, or null if natsj can honour it (or it asks for nothing). */
    static String featureOf(String key, ConfigValue v) {
        String feature = FEATURES.get(key);
        if (feature == null || turnsOff(key, v)) {
            return null;
        }
        return feature;
    }

    private static boolean turnsOff(String key, ConfigValue v) {
        Object o = v.value();
        switch (key) {
            case "syslog":
            case "allow_non_tls":
            case "disable_sublist_cache":
            case "no_sublist_cache":
                return Boolean.FALSE.equals(o);
            case "remote_syslog":
                return "".equals(o);
            case "prof_port":
                return Long.valueOf(0).equals(o);
            default:
                return false;
        }
    }
}
