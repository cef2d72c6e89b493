package io.natsj.server;

import io.natsj.NatsServerOptions;
import io.natsj.auth.AuthOptions;
import io.natsj.auth.AuthResult;
import io.natsj.auth.Authenticator;
import io.natsj.auth.CompiledPermissions;
import io.natsj.auth.Passwords;
import io.natsj.auth.Permissions;
import io.natsj.auth.User;
import io.natsj.protocol.ConnectOptions;
import io.natsj.protocol.GoQuote;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The authentication settings of one options snapshot, as every connection needs them: whether to
 * demand a CONNECT first, the nonce, the timeout, the check itself and the compiled permissions.
 * Replaced as a whole on reload. Thread-safe: immutable but for the shared cache of compiled
 * permissions.
 */
final class Security {
    /** nats-server's AUTH_TIMEOUT. */
    static final Duration DEFAULT_AUTH_TIMEOUT = Duration.ofSeconds(2);

    final AuthOptions auth;
    private final Authenticator authenticator;
    /** Clients must authenticate: the first operation must be CONNECT and the auth timer runs. */
    final boolean authRequired;
    /** What INFO says: false when a no_auth_user lets clients in without credentials (as Go). */
    final boolean infoAuthRequired;
    final long authTimeoutNanos;
    /** The no_auth_user as a registered user (Go's s.users[no_auth_user]); null when there is none. */
    private final User noAuthUser;
    private final boolean hasNkeyUsers;
    /** Some password or token is a bcrypt hash: checks may take tens of milliseconds. */
    final boolean slowChecks;
    private final boolean hasUsers;
    /** Compiled permissions, shared by every connection with equal permissions. */
    private final ConcurrentHashMap<Permissions, CompiledPermissions> compiled = new ConcurrentHashMap<>();

    Security(NatsServerOptions o) {
        this.auth = o.auth();
        boolean map = o.tls() != null && o.tls().verifyAndMap();
        this.authenticator = new Authenticator(auth, map);
        this.authRequired = authenticator.authRequired();
        this.infoAuthRequired = authRequired && !authenticator.hasNoAuthUser();
        this.authTimeoutNanos = authTimeout(o).toNanos();
        User found = null;
        boolean nk = false;
        boolean users = false;
        for (User u : auth.users()) {
            nk |= u.isNkey();
            users |= !u.isNkey();
            if (!u.isNkey() && u.username().equals(auth.noAuthUser())) {
                found = u;
            }
        }
        this.noAuthUser = found;
        boolean slow = Passwords.isBcrypt(auth.token()) || Passwords.isBcrypt(auth.password());
        for (User u : auth.users()) {
            slow |= Passwords.isBcrypt(u.password());
        }
        this.slowChecks = slow;
        this.hasNkeyUsers = nk;
        this.hasUsers = users;
    }

    /** The auth timeout the options give: theirs, else Go's default (with TLS, its timeout plus a second). */
    static Duration authTimeout(NatsServerOptions o) {
        Duration t = o.auth().authTimeout();
        if (t == null || t.isZero()) {
            t = o.tls() != null ? o.tls().timeout().plusSeconds(1) : DEFAULT_AUTH_TIMEOUT;
        }
        return t;
    }

    /** nats-server warns at start-up about passwords kept in plain text. */
    boolean plaintextPasswords() {
        return authenticator.plaintextPasswords();
    }

    /** The shared compiled form of a client's permissions; null when they restrict nothing. */
    CompiledPermissions compile(Permissions p) {
        if (p == null || p.isEmpty()) {
            return null;
        }
        return compiled.computeIfAbsent(p, CompiledPermissions::compile);
    }

    /** The nonce for a new client's INFO, or null when no configured method needs one. */
    String newNonce() {
        return authenticator.nonceRequired() ? authenticator.newNonce() : null;
    }

    /** Checks a client's CONNECT; may take a bcrypt comparison's time. */
    Outcome authenticate(ConnectOptions c, String nonce, X509Certificate[] peerChain) {
        AuthResult r = authenticator.authenticate(c, nonce, peerChain, Authenticator.STANDARD);
        if (!r.ok()) {
            return new Outcome(false, null, null, null, r.error(), r.warning(), r.debug());
        }
        return new Outcome(true, r.username(), r.account(), r.permissions(), null, r.warning(), r.debug());
    }

    /**
     * For a client whose first operation is not CONNECT: the no_auth_user it becomes, as nats-server
     * lets telnet demos do, or null when it must be refused.
     */
    Outcome noAuthUser() {
        if (!authRequired || noAuthUser == null) {
            return null;
        }
        Permissions p = noAuthUser.permissions() != null ? noAuthUser.permissions() : auth.defaultPermissions();
        return new Outcome(true, noAuthUser.username(), noAuthUser.account(), p, null, null, List.of());
    }

    /**
     * What nats-server logs when a client fails to authenticate outside of the CONNECT check (its
     * first operation was not CONNECT): by configuration, as its authViolation.
     */
    String violation(ConnectOptions c) {
        if (hasNkeyUsers) {
            return "authentication error - Nkey " + GoQuote.quote(c.nkey);
        }
        if (hasUsers) {
            return "authentication error - User " + GoQuote.quote(c.user);
        }
        return "authentication error";
    }

    /** The result of an authentication: the account and permissions, or what to log on failure. */
    record Outcome(boolean ok, String user, String account, Permissions permissions, String failure,
            String warning, List<String> debug) {
    }
}
