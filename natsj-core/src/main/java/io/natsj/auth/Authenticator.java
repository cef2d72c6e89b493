package io.natsj.auth;

import io.natsj.protocol.ConnectOptions;
import io.natsj.protocol.GoQuote;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether a client's CONNECT may proceed, as nats-server 2.9's processClientOrLeafAuthentication
 * does for clients: nkeys (a signature over the INFO nonce), then the users (by TLS certificate with
 * verify_and_map, else by name and password, with no_auth_user for clients that sent no credentials),
 * then the token, then the single user. Built once per configuration; immutable and thread-safe.
 *
 * <p>Deliberately outside nats-server: operator mode (JWTs), custom authenticators, leaf nodes, and the
 * websocket/MQTT authorization overrides (give those their own Authenticator).
 */
public final class Authenticator {
    /** Connection types, as in allowed_connection_types. */
    public static final String STANDARD = "STANDARD";
    public static final String WEBSOCKET = "WEBSOCKET";
    public static final String LEAFNODE = "LEAFNODE";
    public static final String LEAFNODE_WS = "LEAFNODE_WS";
    public static final String MQTT = "MQTT";
    public static final String MQTT_WS = "MQTT_WS";

    /** nats-server's nonceRawLen: random bytes in a nonce (15 characters once encoded). */
    static final int NONCE_RAW_LEN = 11;

    private static final String AUTH_ERROR = "authentication error";

    /** A configured user with what authentication gives it. */
    private record Entry(User user, String password, Permissions permissions, Set<String> types) {
        boolean allows(String type) {
            return types.isEmpty() || types.contains(type);
        }
    }

    private final boolean authRequired;
    private final String token;
    private final String username;
    private final String password;
    /** Go's s.users: by name, the last of a name winning; null when there are none. */
    private final Map<String, Entry> users;
    /** Go's s.nkeys: by public key; null when there are none. */
    private final Map<String, Entry> nkeys;
    private final String noAuthUser;
    private final boolean tlsMap;

    public Authenticator(AuthOptions opts, boolean tlsVerifyAndMap) {
        AuthOptions o = opts == null ? AuthOptions.NONE : opts;
        this.tlsMap = tlsVerifyAndMap;
        this.token = emptyToNull(o.token());
        this.username = emptyToNull(o.username());
        this.password = o.password() == null ? "" : o.password();
        this.noAuthUser = emptyToNull(o.noAuthUser());
        Map<String, Entry> u = new LinkedHashMap<>();
        Map<String, Entry> n = new LinkedHashMap<>();
        for (User user : o.users()) {
            Permissions p = validateResponsePermissions(
                    user.permissions() != null ? user.permissions() : o.defaultPermissions());
            Set<String> types = upper(user.allowedConnectionTypes());
            if (user.isNkey()) {
                n.put(user.nkey(), new Entry(user, null, p, types));
            } else {
                String name = user.username() == null ? "" : user.username();
                u.put(name, new Entry(user, user.password() == null ? "" : user.password(), p, types));
            }
        }
        this.users = u.isEmpty() ? null : u;
        this.nkeys = n.isEmpty() ? null : n;
        // configureAuthorization: users or nkeys, else the single user or a token.
        this.authRequired = users != null || nkeys != null || username != null || token != null;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static Set<String> upper(Set<String> types) {
        if (types.isEmpty()) {
            return Set.of();
        }
        java.util.HashSet<String> s = new java.util.HashSet<>();
        for (String t : types) {
            s.add(t.toUpperCase(Locale.ROOT));
        }
        return Set.copyOf(s);
    }

    /**
     * validateResponsePermissions: with allow_responses, publish allow becomes an empty list when not given
     * (so only responses may be published beyond what is allowed), and a zero max or expiry takes
     * nats-server's default (1 message, 2 minutes).
     */
    static Permissions validateResponsePermissions(Permissions p) {
        if (p == null || p.response() == null) {
            return p;
        }
        SubjectPermission pub = p.publish();
        if (pub == null) {
            pub = new SubjectPermission(List.of(), null);
        } else if (pub.allow() == null) {
            pub = new SubjectPermission(List.of(), pub.deny());
        }
        ResponsePermission r = p.response();
        int max = r.maxMsgs() == 0 ? ResponsePermission.DEFAULT_MAX_MSGS : r.maxMsgs();
        java.time.Duration exp = r.expires().isZero() ? java.time.Duration.ofMinutes(2) : r.expires();
        return new Permissions(pub, p.subscribe(), new ResponsePermission(max, exp));
    }

    /** INFO's auth_required before no_auth_user is taken into account (the server clears it then). */
    public boolean authRequired() {
        return authRequired;
    }

    /** Whether the server has a no_auth_user (INFO then says auth_required false), as nats-server. */
    public boolean hasNoAuthUser() {
        return noAuthUser != null;
    }

    /** nonceRequired: INFO carries a nonce when any nkey user is configured. */
    public boolean nonceRequired() {
        return nkeys != null;
    }

    /** generateNonce: 11 random bytes, base64 URL-safe without padding (15 characters). */
    public String newNonce() {
        byte[] raw = new byte[NONCE_RAW_LEN];
        Random.INSTANCE.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /** Created on first use: seeding a SecureRandom has no place in start-up. */
    private static final class Random {
        static final SecureRandom INSTANCE = new SecureRandom();
    }

    /**
     * checkAuthforWarnings: whether nats-server would warn "Plaintext passwords detected, use nkeys or
     * bcrypt" at start-up (a single-user or users-list password not bcrypt; tokens are not checked).
     */
    public boolean plaintextPasswords() {
        if (!password.isEmpty() && !Passwords.isBcrypt(password)) {
            return true;
        }
        if (users != null) {
            for (Entry e : users.values()) {
                if (e.password.isEmpty() && tlsMap) {
                    continue;
                }
                if (!Passwords.isBcrypt(e.password)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Authenticates a client's CONNECT.
     *
     * @param c the CONNECT
     * @param nonce the nonce sent in this client's INFO, or null when none was
     * @param peerChain null when the connection is not TLS; the client's certificates (possibly none) when it is
     * @param connectionType {@link #STANDARD} for a NATS client (null taken as STANDARD)
     */
    public AuthResult authenticate(ConnectOptions c, String nonce, X509Certificate[] peerChain,
            String connectionType) {
        if (!authRequired) {
            return AuthResult.success(null, Account.GLOBAL, null, null, null);
        }
        String type = connectionType == null ? STANDARD : connectionType.toUpperCase(Locale.ROOT);
        String cUser = nz(c.user);
        String cPass = nz(c.pass);
        String cToken = nz(c.authToken);
        String cNkey = nz(c.nkey);
        List<String> debug = new ArrayList<>(2);
        String warning = null;
        Entry nkey = null;
        Entry user = null;

        if (nkeys != null && !cNkey.isEmpty()) {
            nkey = nkeys.get(cNkey);
            if (nkey == null || !nkey.allows(type)) {
                return fail(cUser, cNkey, null, debug);
            }
        } else if (users != null) {
            if (tlsMap) {
                user = mapCertificate(peerChain, type, debug);
                if (user == null) {
                    return fail(cUser, cNkey, null, debug);
                }
                if (!cUser.isEmpty()) {
                    warning = "User " + GoQuote.quote(cUser) + " found in connect proto, but user required from cert";
                }
                cUser = nz(user.user.username());
            } else {
                if (noAuthUser != null && cUser.isEmpty() && cPass.isEmpty() && cToken.isEmpty()) {
                    Entry u = users.get(noAuthUser);
                    if (u != null) {
                        cUser = nz(u.user.username());
                        // As nats-server: the configured password stands in for the client's (so a
                        // bcrypt one never matches).
                        cPass = u.password;
                    }
                }
                if (!cUser.isEmpty()) {
                    user = users.get(cUser);
                    if (user == null || !user.allows(type)) {
                        return fail(cUser, cNkey, warning, debug);
                    }
                }
            }
        }

        if (nkey != null) {
            String sigText = nz(c.sig);
            if (sigText.isEmpty()) {
                debug.add("Signature missing");
                return fail(cUser, cNkey, warning, debug);
            }
            byte[] sig = decodeSignature(sigText);
            if (sig == null) {
                debug.add("Signature not valid base64");
                return fail(cUser, cNkey, warning, debug);
            }
            byte[] pub;
            try {
                pub = NKeys.publicKey(cNkey);
            } catch (NKeys.InvalidKeyException e) {
                debug.add("User nkey not valid: " + e.getMessage());
                return fail(cUser, cNkey, warning, debug);
            }
            byte[] data = nonce == null ? new byte[0] : nonce.getBytes(StandardCharsets.UTF_8);
            if (!NKeys.verify(pub, data, sig)) {
                debug.add("Signature not verified");
                return fail(cUser, cNkey, warning, debug);
            }
            return AuthResult.success(nkey.user, nkey.user.account(), nkey.permissions, warning, debug);
        }
        if (user != null) {
            if (!Passwords.compare(user.password, cPass)) {
                return fail(cUser, cNkey, warning, debug);
            }
            return AuthResult.success(user.user, user.user.account(), user.permissions, warning, debug);
        }
        if (token != null) {
            if (Passwords.compare(token, cToken)) {
                return AuthResult.success(new User(null, null, null, null, null, null), Account.GLOBAL, null,
                        warning, debug);
            }
        } else if (username != null) {
            if (username.equals(cUser) && Passwords.compare(password, cPass)) {
                return AuthResult.success(new User(username, null, null, null, null, null), Account.GLOBAL, null,
                        warning, debug);
            }
        }
        return fail(cUser, cNkey, warning, debug);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** authViolation's log text: by nkey when nkeys are configured, else by user when users are. */
    private AuthResult fail(String cUser, String cNkey, String warning, List<String> debug) {
        String error;
        if (nkeys != null) {
            error = AUTH_ERROR + " - Nkey " + GoQuote.quote(cNkey);
        } else if (users != null) {
            error = AUTH_ERROR + " - User " + GoQuote.quote(cUser);
        } else {
            error = AUTH_ERROR;
        }
        return AuthResult.failure(error, warning, debug);
    }

    /** base64.RawURLEncoding, else base64.StdEncoding (padded), as Go decodes the CONNECT's sig. */
    static byte[] decodeSignature(String s) {
        String t = s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0 ? s.replace("\r", "").replace("\n", "") : s;
        if (t.indexOf('=') < 0) {
            try {
                return Base64.getUrlDecoder().decode(t);
            } catch (IllegalArgumentException e) {
                // fall back to standard base64
            }
        }
        if (t.length() % 4 == 0) {
            try {
                return Base64.getDecoder().decode(t);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    /** checkClientTLSCertSubject with the client's lookup: the user the certificate maps to, or null. */
    private Entry mapCertificate(X509Certificate[] chain, String type, List<String> debug) {
        if (chain == null) {
            debug.add("User required in cert, no TLS connection state");
            return null;
        }
        if (chain.length == 0 || chain[0] == null) {
            debug.add("User required in cert, no peer certificates found");
            return null;
        }
        X509Certificate cert = chain[0];
        if (chain.length > 1) {
            debug.add("Multiple peer certificates found, selecting first");
        }
        List<String> emails = new ArrayList<>();
        List<String> dnsNames = new ArrayList<>();
        List<String> uris = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (san.size() < 2 || !(san.get(0) instanceof Integer kind) || !(san.get(1) instanceof String v)) {
                        continue;
                    }
                    switch (kind) {
                        case 1 -> emails.add(v);
                        case 2 -> dnsNames.add(v);
                        case 6 -> uris.add(v);
                        default -> {
                        }
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // no alternative names
        }
        CertSubject subject;
        try {
            subject = CertSubject.fromTbsCertificate(cert.getTBSCertificate());
        } catch (CertificateEncodingException e) {
            subject = null;
        }
        if (subject == null) {
            subject = new CertSubject(List.of());
        }
        if (emails.isEmpty() && !subject.hasSubject() && uris.isEmpty()) {
            debug.add("User required in cert, none found");
            return null;
        }
        for (String u : emails) {
            Entry e = lookup(u, type);
            if (e != null) {
                debug.add("Using email found in cert for auth [" + GoQuote.quote(nz(e.user.username())) + "]");
                return e;
            }
        }
        for (String u : dnsNames) {
            Entry e = lookup(u, type);
            if (e != null) {
                debug.add("Using SAN found in cert for auth [" + GoQuote.quote(nz(e.user.username())) + "]");
                return e;
            }
        }
        for (String u : uris) {
            Entry e = lookup(u, type);
            if (e != null) {
                debug.add("Using URI found in cert for auth [" + GoQuote.quote(nz(e.user.username())) + "]");
                return e;
            }
        }
        String rdn = subject.goRdnString();
        LdapDn dn = subject.toLdapDn();
        if (dn != null) {
            Entry e = lookupDn(dn, type);
            if (e != null) {
                debug.add("Using DistinguishedNameMatch for auth [" + GoQuote.quote(nz(e.user.username())) + "]");
                return e;
            }
            debug.add("DistinguishedNameMatch could not be used for auth [" + GoQuote.quote(rdn) + "]");
        }
        String dcs = subject.domainComponents();
        if (!dcs.isEmpty()) {
            String u = rdn + "," + dcs;
            Entry e = lookup(u, type);
            if (e != null) {
                debug.add("Using RDNSequence for auth [" + GoQuote.quote(nz(e.user.username())) + "]");
                return e;
            }
            debug.add("RDNSequence could not be used for auth [" + GoQuote.quote(u) + "]");
        }
        Entry e = lookup(rdn, type);
        if (e != null) {
            debug.add("Using certificate subject for auth [" + GoQuote.quote(nz(e.user.username())) + "]");
            return e;
        }
        debug.add("User in cert [" + GoQuote.quote(rdn) + "], not found");
        return null;
    }

    /** The literal lookup of a name from the certificate. */
    private Entry lookup(String name, String type) {
        if (name.isEmpty()) {
            return null; // nats-server then tries a DN match, but has no DN to match here
        }
        Entry e = users.get(name);
        return e != null && e.allows(type) ? e : null;
    }

    /** A user whose name, read as a DN, equals the certificate's, else one with the same RDNs in any order. */
    private Entry lookupDn(LdapDn certDn, String type) {
        List<Entry> candidates = new ArrayList<>();
        List<LdapDn> dns = new ArrayList<>();
        for (Entry e : users.values()) {
            if (!e.allows(type)) {
                continue;
            }
            LdapDn input = LdapDn.parse(nz(e.user.username()));
            if (input == null) {
                continue;
            }
            if (input.isEqual(certDn)) {
                return e;
            }
            candidates.add(e);
            dns.add(input);
        }
        for (int i = 0; i < candidates.size(); i++) {
            if (dns.get(i).rdnsMatch(certDn)) {
                return candidates.get(i);
            }
        }
        return null;
    }
}
