package io.natsj.config;

import io.natsj.JetStreamOptions;
import io.natsj.NatsServerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Applies a parsed configuration file to {@link NatsServerOptions}, key by key as nats-server 2.9's
 * {@code processConfigFileLine} does: the same key aliases, the same value types, the same error
 * texts, problems collected rather than stopping at the first. Options whose feature natsj does not
 * have yet are refused by name ({@link UnsupportedOptions}); unknown keys are refused as nats-server
 * refuses them.
 */
public final class ConfigOptions {
    private final List<String> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final NatsServerOptions.Builder b;
    /** authorization, accounts and the other security keys add to it; the builder gets it at the end. */
    private final AuthDraft auth;
    /** The jetstream block and the top-level store_dir add to it; the builder gets it at the end. */
    private final JetStreamOptions.Builder jetStream;

    private ConfigOptions(NatsServerOptions.Builder b) {
        this.b = b;
        this.auth = new AuthDraft(b.auth());
        this.jetStream = b.jetStream().toBuilder();
    }

    /**
     * Reads {@code file} into {@code b}.
     *
     * @return the warnings (nats-server prints them and starts anyway; {@code -t} fails on them)
     * @throws ConfigException with nats-server's text when the file cannot be read, parsed or applied
     */
    public static List<String> load(Path file, NatsServerOptions.Builder b) throws ConfigException {
        b.configFile(file);
        return apply(ConfigParser.parseFile(file), b);
    }

    /** Applies an already parsed file; see {@link #load}. */
    static List<String> apply(Map<String, ConfigValue> tree, NatsServerOptions.Builder b) throws ConfigException {
        ConfigOptions c = new ConfigOptions(b);
        c.systemAccount(tree);
        for (Map.Entry<String, ConfigValue> e : tree.entrySet()) {
            c.line(e.getKey(), e.getValue());
        }
        b.auth(c.auth.toOptions());
        b.jetStream(c.jetStream.build());
        if (!c.errors.isEmpty()) {
            List<String> all = new ArrayList<>(c.warnings);
            all.addAll(c.errors);
            throw new ConfigException(all);
        }
        return List.copyOf(c.warnings);
    }

    private void line(String key, ConfigValue v) {
        String k = key.toLowerCase(Locale.ROOT);
        try {
            switch (k) {
                case "listen":
                    listen(v);
                    break;
                case "port":
                    b.port(clientPort(integer(v)));
                    break;
                case "host":
                case "net":
                    b.host(string(v));
                    break;
                case "server_name":
                    b.serverName(string(v));
                    break;
                case "client_advertise":
                    b.clientAdvertise(string(v));
                    break;
                case "debug":
                    b.debug(bool(v));
                    break;
                case "trace":
                    b.trace(bool(v));
                    break;
                case "trace_verbose":
                    b.traceVerbose(bool(v)).trace(bool(v));
                    break;
                case "logtime":
                    b.logtime(bool(v));
                    break;
                case "logfile":
                case "log_file":
                    b.logFile(string(v));
                    break;
                case "logfile_size_limit":
                case "log_size_limit":
                    b.logSizeLimit(Math.max(0, integer(v)));
                    break;
                case "pidfile":
                case "pid_file":
                    b.pidFile(string(v));
                    break;
                case "ports_file_dir":
                    b.portsFileDir(string(v));
                    break;
                // Zero means nats-server's default for these limits, as its setBaselineOptions has it.
                case "max_control_line":
                    ifPositive(int31(key, v), b::maxControlLine);
                    break;
                case "max_payload":
                    int maxPayload = int31(key, v);
                    if (maxPayload != 0) {
                        b.maxPayload(maxPayload < 0 ? -1 : maxPayload); // negative: no limit, as Go
                    }
                    break;
                case "max_pending":
                    long maxPending = integer(v);
                    if (maxPending > 0) {
                        b.maxPending(maxPending);
                    }
                    break;
                case "max_connections":
                case "max_conn":
                    long maxConn = integer(v);
                    if (maxConn != 0) {
                        b.maxConnections(maxConn < 0 ? Integer.MAX_VALUE : (int) Math.min(maxConn, Integer.MAX_VALUE));
                    }
                    break;
                case "max_subscriptions":
                case "max_subs":
                    b.maxSubscriptions((int) Math.max(0, Math.min(integer(v), Integer.MAX_VALUE)));
                    break;
                case "max_traced_msg_len":
                    b.maxTracedMsgLen((int) integer(v));
                    break;
                case "ping_interval":
                    setIfPositive(duration("ping_interval", v), b::pingInterval);
                    break;
                case "ping_max":
                    long pingMax = integer(v);
                    if (pingMax != 0) {
                        b.maxPingsOut((int) Math.max(0, Math.min(pingMax, Integer.MAX_VALUE)));
                    }
                    break;
                case "write_deadline":
                    setIfPositive(duration("write_deadline", v), b::writeDeadline);
                    break;
                case "lame_duck_duration":
                    lameDuckDuration(v);
                    break;
                case "lame_duck_grace_period":
                    lameDuckGracePeriod(v);
                    break;
                case "no_header_support":
                    b.headers(!bool(v));
                    break;
                case "connect_error_reports":
                    b.connectErrorReports((int) integer(v));
                    break;
                case "reconnect_error_reports":
                    b.reconnectErrorReports((int) integer(v));
                    break;
                case "server_tags":
                    serverTags(v);
                    break;
                case "authorization":
                    AuthorizationReader.apply(v, auth, errors);
                    break;
                case "accounts":
                    AccountsReader.apply(v, auth, errors);
                    break;
                case "no_auth_user":
                    auth.noAuthUser = AuthDraft.emptyToNull(string(v));
                    break;
                case "system_account":
                case "system":
                    break; // read before every other key, see systemAccount
                case "no_system_account":
                case "no_system":
                case "no_sys_acc":
                    auth.noSystemAccount = bool(v);
                    break;
                case "tls":
                    b.tls(TlsReader.read(v, errors));
                    break;
                case "http":
                    httpListen(v, false);
                    break;
                case "https":
                    httpListen(v, true);
                    break;
                case "https_port":
                    b.httpsPort((int) integer(v));
                    break;
                case "http_port":
                case "monitor_port":
                    b.httpPort((int) integer(v));
                    break;
                case "jetstream":
                    JetStreamReader.server(v, jetStream, errors);
                    break;
                case "store_dir":
                case "storedir":
                    JetStreamReader.storeDir(v, jetStream, errors);
                    break;
                case "http_base_path":
                    b.httpBasePath(string(v));
                    break;
                default:
                    String feature = UnsupportedOptions.featureOf(k, v);
                    if (feature != null) {
                        errors.add(v.source() + ": option \"" + key + "\" is not supported by natsj yet (" + feature + ")");
                    } else if (!UnsupportedOptions.isKnown(k) && !v.usedVariable()) {
                        errors.add(v.source() + ": unknown field \"" + key + "\"");
                    }
            }
        } catch (TypeMismatch | IllegalArgumentException e) {
            errors.add(v.source() + ": " + e.getMessage());
        }
    }

    /**
     * nats-server reads the system account first, by its exact lower-case keys (system_account before
     * system), because other options depend on it; "SYSTEM_ACCOUNT" is skipped, not read.
     */
    private void systemAccount(Map<String, ConfigValue> tree) {
        ConfigValue v = tree.containsKey("system_account") ? tree.get("system_account") : tree.get("system");
        if (v == null) {
            return;
        }
        if (v.kind() != ConfigValue.Kind.STRING) {
            errors.add(v.source() + ": system account name must be a string");
            return;
        }
        auth.systemAccount = AuthDraft.emptyToNull((String) v.value());
    }

    /**
     * nats-server's reading of a client port, from the file or a flag: 0 means the default port, -1 a
     * free one (the builder's 0).
     */
    public static int clientPort(long port) {
        if (port == 0) {
            return NatsServerOptions.DEFAULT_PORT;
        }
        if (port == -1) {
            return 0;
        }
        // Out of range stays out of range (no int wrap-around), for the builder to refuse.
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, port));
    }

    private void listen(ConfigValue v) {
        if (v.kind() == ConfigValue.Kind.INTEGER) {
            b.port(clientPort((Long) v.value()));
            return;
        }
        HostPort hp = listenAddress(v);
        if (hp != null) {
            b.host(hp.host).port(clientPort(Integer.parseInt(hp.port)));
        }
    }

    /** nats-server's "http" and "https": a port, or host:port (the host then also applies to nothing else). */
    private void httpListen(ConfigValue v, boolean secure) {
        String host;
        int port;
        if (v.kind() == ConfigValue.Kind.INTEGER) {
            host = null;
            port = (int) (long) (Long) v.value();
        } else {
            HostPort hp = listenAddress(v);
            if (hp == null) {
                return;
            }
            host = hp.host;
            port = Integer.parseInt(hp.port);
        }
        b.httpHost(host);
        if (secure) {
            b.httpsPort(port);
        } else {
            b.httpPort(port);
        }
    }

    /** Go's parseListen for a string: host:port with a numeric port, or null after reporting the error. */
    private HostPort listenAddress(ConfigValue v) {
        if (v.kind() != ConfigValue.Kind.STRING) {
            errors.add(v.source() + ": expected port or host:port, got " + TypeMismatch.goType(v.kind()));
            return null;
        }
        String s = (String) v.value();
        HostPort hp = HostPort.split(s);
        if (hp == null) {
            errors.add(v.source() + ": could not parse address string " + quote(s));
            return null;
        }
        try {
            Integer.parseInt(hp.port);
        } catch (NumberFormatException e) {
            errors.add(v.source() + ": could not parse port " + quote(hp.port));
            return null;
        }
        return hp;
    }

    private void lameDuckDuration(ConfigValue v) {
        Duration d;
        try {
            d = GoDurations.parse(string(v));
        } catch (IllegalArgumentException e) {
            errors.add(v.source() + ": error parsing lame_duck_duration: " + e.getMessage());
            return;
        }
        if (d.compareTo(Duration.ofSeconds(30)) < 0) {
            errors.add(v.source() + ": invalid lame_duck_duration of " + GoDurations.format(d)
                    + ", minimum is 30 seconds");
            return;
        }
        b.lameDuckDuration(d);
    }

    private void lameDuckGracePeriod(ConfigValue v) {
        Duration d;
        try {
            d = GoDurations.parse(string(v));
        } catch (IllegalArgumentException e) {
            errors.add(v.source() + ": error parsing lame_duck_grace_period: " + e.getMessage());
            return;
        }
        if (d.isNegative()) {
            errors.add(v.source() + ": invalid lame_duck_grace_period, needs to be positive");
            return;
        }
        b.lameDuckGracePeriod(d);
    }

    private void serverTags(ConfigValue v) {
        List<String> tags = new ArrayList<>();
        if (v.kind() == ConfigValue.Kind.STRING) {
            tags.add((String) v.value());
        } else if (v.kind() == ConfigValue.Kind.ARRAY) {
            for (ConfigValue t : v.asList()) {
                if (t.kind() != ConfigValue.Kind.STRING) {
                    errors.add(v.source() + ": error parsing tags: unsupported type conf.token where string is expected");
                    return;
                }
                tags.add((String) t.value());
            }
        } else {
            errors.add(v.source() + ": error parsing tags: unsupported type " + TypeMismatch.goType(v.kind()));
            return;
        }
        b.serverTags(tags);
    }

    /** nats-server's parseDuration: a Go duration string, or (with a warning) a number of seconds. */
    private Duration duration(String field, ConfigValue v) {
        if (v.kind() == ConfigValue.Kind.STRING) {
            try {
                return GoDurations.parse((String) v.value());
            } catch (IllegalArgumentException e) {
                errors.add(v.source() + ": error parsing " + field + ": " + e.getMessage());
                return null;
            }
        }
        warnings.add(v.source() + ": invalid use of field \"" + field + "\": " + field + " should be converted to a duration");
        return Duration.ofSeconds(integer(v));
    }

    /** nats-server accepts zero and negative durations and then behaves oddly; natsj keeps its default. */
    private static void setIfPositive(Duration d, java.util.function.Consumer<Duration> setter) {
        if (d != null && !d.isNegative() && !d.isZero()) {
            setter.accept(d);
        }
    }

    private static void ifPositive(int n, java.util.function.IntConsumer setter) {
        if (n > 0) {
            setter.accept(n);
        }
    }

    private int int31(String key, ConfigValue v) {
        long n = integer(v);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + " value is too big");
        }
        return (int) n;
    }

    private static String string(ConfigValue v) {
        return (String) TypeMismatch.expect(v, ConfigValue.Kind.STRING);
    }

    private static long integer(ConfigValue v) {
        return (Long) TypeMismatch.expect(v, ConfigValue.Kind.INTEGER);
    }

    private static boolean bool(ConfigValue v) {
        return (Boolean) TypeMismatch.expect(v, ConfigValue.Kind.BOOLEAN);
    }

    static String quote(String s) {
        return io.natsj.protocol.GoQuote.quote(s);
    }
}
