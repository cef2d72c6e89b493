package io.natsj.server;

import io.natsj.NatsServerOptions;
import io.natsj.auth.AuthOptions;
import io.natsj.auth.CompiledPermissions;
import io.natsj.auth.Permissions;
import io.natsj.protocol.ConnectOptions;
import java.security.cert.X509Certificate;
import java.time.Duration;

/**
 * The authentication settings of one options snapshot, as every new connection needs them: whether
 * to demand a CONNECT first, the nonce, the timeout, and the check itself. Replaced as a whole on
 * reload. Immutable and thread-safe.
 */
final class Security {
    /** nats-server's AUTH_TIMEOUT. */
    static final Duration DEFAULT_AUTH_TIMEOUT = Duration.ofSeconds(2);

    final AuthOptions auth;
    /** Clients must authenticate: the first operation must be CONNECT and the auth timer runs. */
    final boolean authRequired;
    /** What INFO says: false when a no_auth_user lets clients in without credentials (as Go). */
    final boolean infoAuthRequired;
    final long authTimeoutNanos;

    Security(NatsServerOptions o) {
        this.auth = o.auth();
        this.authRequired = auth.authRequired();
        this.infoAuthRequired = authRequired && auth.noAuthUser() == null;
        Duration t = auth.authTimeout();
        if (t == null || t.isZero()) {
            // Go: with TLS the default is the TLS timeout plus a second.
            t = o.tls() != null ? o.tls().timeout().plusSeconds(1) : DEFAULT_AUTH_TIMEOUT;
        }
        this.authTimeoutNanos = t.toNanos();
    }

    /** Compiled permissions, shared by every connection with equal permissions. */
    private final java.util.concurrent.ConcurrentHashMap<Permissions, CompiledPermissions> compiled =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** The shared compiled form of a client's permissions; null when they restrict nothing. */
    CompiledPermissions compile(Permissions p) {
        if (p == null || p.isEmpty()) {
            return null;
        }
        return compiled.computeIfAbsent(p, CompiledPermissions::compile);
    }

    /** The nonce for a new client's INFO, or null when no configured method needs one. */
    String newNonce() {
        return null;
    }

    /** Checks a client's CONNECT. */
    Outcome authenticate(ConnectOptions c, String nonce, X509Certificate[] peerChain) {
        if (!authRequired) {
            return Outcome.ok(null, null, null);
        }
        if (auth.token() != null) {
            return c.authToken.equals(auth.token()) ? Outcome.ok(null, null, auth.defaultPermissions())
                    : Outcome.fail("authentication error");
        }
        if (auth.username() != null) {
            return c.user.equals(auth.username()) && c.pass.equals(auth.password())
                    ? Outcome.ok(c.user, null, auth.defaultPermissions()) : Outcome.fail("authentication error");
        }
        for (io.natsj.auth.User u : auth.users()) {
            if (!u.isNkey() && u.username().equals(c.user) && u.password().equals(c.pass)) {
                return Outcome.ok(u.username(), u.account(),
                        u.permissions() != null ? u.permissions() : auth.defaultPermissions());
            }
        }
        return Outcome.fail("authentication error");
    }

    /**
     * For a client whose first operation is not CONNECT: the no_auth_user it becomes, as Go lets
     * telnet demos do, or null when it must be refused.
     */
    Outcome noAuthUser() {
        return null;
    }

    /** The result of an authentication: the account and permissions, or what to log on failure. */
    record Outcome(boolean ok, String user, String account, Permissions permissions, String failure) {
        static Outcome ok(String user, String account, Permissions permissions) {
            return new Outcome(true, user, account, permissions, null);
        }

        static Outcome fail(String log) {
            return new Outcome(false, null, null, null, log);
        }
    }
}
