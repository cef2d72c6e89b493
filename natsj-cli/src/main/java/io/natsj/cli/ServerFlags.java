package io.natsj.cli;

import io.natsj.NatsServerOptions;
import io.natsj.cli.GoFlagSet.FlagException;
import io.natsj.cli.GoFlagSet.Kind;
import io.natsj.config.ConfigOptions;
import io.natsj.tls.ServerTls;
import io.natsj.tls.TlsException;
import io.natsj.tls.TlsOptions;

/**
 * nats-server 2.9's command-line flags, every one of them, spelled the same. Flags override the
 * configuration file (they are applied after it, and again on every reload). Flags whose feature
 * natsj does not have yet are refused by name rather than ignored.
 */
final class ServerFlags {
    final GoFlagSet fs = new GoFlagSet();

    ServerFlags() {
        fs.define(Kind.BOOL, "help", "h", "help");
        fs.define(Kind.INT, "port", "port", "p");
        fs.define(Kind.STRING, "server_name", "n", "name", "server_name");
        fs.define(Kind.STRING, "host", "addr", "a", "net");
        fs.define(Kind.STRING, "client_advertise", "client_advertise");
        fs.define(Kind.BOOL, "debug", "D", "debug");
        fs.define(Kind.BOOL, "trace", "V", "trace");
        fs.define(Kind.BOOL, "VV", "VV");
        fs.define(Kind.BOOL, "DV", "DV");
        fs.define(Kind.BOOL, "DVV", "DVV");
        fs.define(Kind.BOOL, "logtime", "T", "logtime");
        fs.define(Kind.STRING, "user", "user");
        fs.define(Kind.STRING, "pass", "pass");
        fs.define(Kind.STRING, "auth", "auth");
        fs.define(Kind.INT, "http_port", "m", "http_port");
        fs.define(Kind.INT, "https_port", "ms", "https_port");
        fs.define(Kind.STRING, "config", "c", "config");
        fs.define(Kind.BOOL, "check", "t");
        fs.define(Kind.STRING, "signal", "sl", "signal");
        fs.define(Kind.STRING, "pid", "P", "pid");
        fs.define(Kind.STRING, "ports_file_dir", "ports_file_dir");
        fs.define(Kind.STRING, "log", "l", "log");
        fs.define(Kind.INT, "log_size_limit", "log_size_limit");
        fs.define(Kind.BOOL, "syslog", "s", "syslog");
        fs.define(Kind.STRING, "remote_syslog", "r", "remote_syslog");
        fs.define(Kind.BOOL, "version", "version", "v");
        fs.define(Kind.INT, "profile", "profile");
        fs.define(Kind.STRING, "routes", "routes");
        fs.define(Kind.STRING, "cluster", "cluster", "cluster_listen");
        fs.define(Kind.STRING, "cluster_advertise", "cluster_advertise");
        fs.define(Kind.BOOL, "no_advertise", "no_advertise");
        fs.define(Kind.INT, "connect_retries", "connect_retries");
        fs.define(Kind.STRING, "cluster_name", "cluster_name");
        fs.define(Kind.BOOL, "help_tls", "help_tls");
        fs.define(Kind.BOOL, "tls", "tls");
        fs.define(Kind.BOOL, "tlsverify", "tlsverify");
        fs.define(Kind.STRING, "tlscert", "tlscert");
        fs.define(Kind.STRING, "tlskey", "tlskey");
        fs.define(Kind.STRING, "tlscacert", "tlscacert");
        fs.define(Kind.INT, "max_traced_msg_len", "max_traced_msg_len");
        fs.define(Kind.BOOL, "jetstream", "js", "jetstream");
        fs.define(Kind.STRING, "store_dir", "sd", "store_dir");
    }

    void parse(String[] args) throws FlagException {
        fs.parse(args);
    }

    /**
     * Refuses every flag that asks for a feature natsj does not have yet. A flag that only says
     * "off" (e.g. {@code -js=false}, {@code -m 0}) is accepted.
     */
    void checkSupported() throws FlagException {
        refuseIfOn("syslog", "syslog");
        refuseIfOn("remote_syslog", "syslog");
        refuseIfOn("profile", "the profiling port");
        refuseIfOn("routes", "clustering");
        refuseIfOn("cluster", "clustering");
        refuseIfOn("cluster_advertise", "clustering");
        refuseIfOn("no_advertise", "clustering");
        refuseIfOn("connect_retries", "clustering");
        refuseIfOn("cluster_name", "clustering");
    }

    private void refuseIfOn(String target, String feature) throws FlagException {
        if (!fs.isSet(target)) {
            return;
        }
        Object v = fs.value(target);
        boolean off = Boolean.FALSE.equals(v) || Long.valueOf(0).equals(v) || "".equals(v);
        if (!off) {
            throw new FlagException("flag " + fs.spelling(target) + " is not supported by natsj yet (" + feature + ")");
        }
    }

    /** Applies the flags given on the command line over {@code b} (which may hold the config file's values). */
    void applyTo(NatsServerOptions.Builder b) {
        for (String t : fs.setTargets()) {
            switch (t) {
                case "port":
                    b.port(ConfigOptions.clientPort(fs.integer(t)));
                    break;
                case "server_name":
                    b.serverName(emptyToNull(fs.string(t)));
                    break;
                case "host":
                    if (!fs.string(t).isEmpty()) {
                        b.host(fs.string(t));
                    }
                    break;
                case "client_advertise":
                    b.clientAdvertise(fs.string(t));
                    break;
                case "debug":
                    b.debug(fs.bool(t));
                    break;
                case "trace":
                    b.trace(fs.bool(t));
                    break;
                case "VV":
                    b.trace(fs.bool(t)).traceVerbose(fs.bool(t));
                    break;
                case "DV":
                    b.debug(fs.bool(t)).trace(fs.bool(t));
                    break;
                case "DVV":
                    b.debug(fs.bool(t)).trace(fs.bool(t)).traceVerbose(fs.bool(t));
                    break;
                case "logtime":
                    b.logtime(fs.bool(t));
                    break;
                case "pid":
                    b.pidFile(fs.string(t));
                    break;
                case "ports_file_dir":
                    b.portsFileDir(fs.string(t));
                    break;
                case "http_port":
                    // As nats-server's MergeOptions: only a non-zero -m replaces the file's port.
                    if (fs.integer(t) != 0) {
                        b.httpPort((int) fs.integer(t));
                    }
                    break;
                case "https_port":
                    if (fs.integer(t) != 0) {
                        b.httpsPort((int) fs.integer(t));
                    }
                    break;
                case "log":
                    b.logFile(fs.string(t));
                    break;
                case "log_size_limit":
                    b.logSizeLimit(Math.max(0, fs.integer(t)));
                    break;
                case "jetstream":
                    b.jetStream(b.jetStream().toBuilder().enabled(fs.bool(t)).build());
                    break;
                case "store_dir":
                    if (!fs.string(t).isEmpty()) {
                        b.jetStream(b.jetStream().toBuilder().storeDir(fs.string(t)).build());
                    }
                    break;
                case "max_traced_msg_len":
                    b.maxTracedMsgLen((int) fs.integer(t));
                    break;
                // As nats-server's MergeOptions: a non-empty flag replaces the authorization block's
                // user, password or token; the users of the file and its accounts stay.
                case "user":
                    if (!fs.string(t).isEmpty()) {
                        b.user(fs.string(t), b.auth().password());
                    }
                    break;
                case "pass":
                    if (!fs.string(t).isEmpty()) {
                        b.user(b.auth().username(), fs.string(t));
                    }
                    break;
                case "auth":
                    if (!fs.string(t).isEmpty()) {
                        b.token(fs.string(t));
                    }
                    break;
                default:
                    // help, version, config, check, signal and the refused flags are handled elsewhere.
            }
        }
        applyTls(b);
    }

    /**
     * nats-server's -tls* handling: {@code -tls=false} drops the file's TLS; any other -tls* flag
     * replaces the file's certificates with the flags' (cert and key then required) and keeps the
     * file's timeout, verify_and_map and pinned_certs, as overrideTLS does.
     *
     * @throws IllegalArgumentException with nats-server's text
     */
    private void applyTls(NatsServerOptions.Builder b) {
        if (fs.isSet("tls") && !fs.bool("tls")) {
            b.tls(null);
            return;
        }
        if (!(fs.isSet("tls") || fs.isSet("tlsverify") || fs.isSet("tlscert") || fs.isSet("tlskey") || fs.isSet("tlscacert"))) {
            return;
        }
        String cert = fs.string("tlscert");
        String key = fs.string("tlskey");
        if (cert == null || cert.isEmpty()) {
            throw new IllegalArgumentException("TLS Server certificate must be present and valid");
        }
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("TLS Server private key must be present and valid");
        }
        TlsOptions file = b.tls();
        String ca = fs.string("tlscacert");
        TlsOptions t = new TlsOptions(cert, key, ca == null || ca.isEmpty() ? null : ca, fs.bool("tlsverify"),
                file != null && file.verifyAndMap(), file != null ? file.timeout() : null, null, null,
                file != null ? file.pinnedCerts() : null);
        try {
            ServerTls.check(t);
        } catch (TlsException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        b.tls(t);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
