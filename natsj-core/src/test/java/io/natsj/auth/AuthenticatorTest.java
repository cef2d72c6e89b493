package io.natsj.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.NKey;
import io.natsj.protocol.ConnectOptions;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
    /** A hash of "s3cr3t" made by Go's bcrypt.GenerateFromPassword, from the vectors. */
    private static final String BCRYPT_S3CR3T = goHash("s3cr3t");
    private static final Permissions USER_PERMS = new Permissions(SubjectPermission.allow("user.>"), null, null);
    private static final Permissions DEFAULT_PERMS = new Permissions(SubjectPermission.deny("secret.>"), null, null);

    private static String goHash(String password) {
        for (String[] v : Vectors.lines("bcrypt-vectors.txt")) {
            if (Vectors.b64(v[1]).equals(password) && v[2].equals("true") && Vectors.b64(v[0]).startsWith("$2a$")
                    && Vectors.b64(v[0]).length() == 60) {
                return Vectors.b64(v[0]);
            }
        }
        throw new IllegalStateException(password);
    }

    private static ConnectOptions connect(String user, String pass, String token) {
        ConnectOptions c = new ConnectOptions();
        c.user = user == null ? "" : user;
        c.pass = pass == null ? "" : pass;
        c.authToken = token == null ? "" : token;
        return c;
    }

    private static ConnectOptions nkeyConnect(String nkey, String sig) {
        ConnectOptions c = new ConnectOptions();
        c.nkey = nkey;
        c.sig = sig;
        return c;
    }

    private static AuthResult auth(Authenticator a, ConnectOptions c) {
        return a.authenticate(c, null, null, Authenticator.STANDARD);
    }

    private static void assertFailure(String error, AuthResult r) {
        assertFalse(r.ok(), r::toString);
        assertEquals(error, r.error());
        assertNull(r.user());
        assertNull(r.account());
        assertNull(r.permissions());
    }

    @Test
    void noAuthenticationLetsEveryoneIntoTheGlobalAccount() {
        Authenticator a = new Authenticator(AuthOptions.NONE, false);
        assertFalse(a.authRequired());
        assertFalse(a.nonceRequired());
        AuthResult r = auth(a, connect("who", "ever", "tok"));
        assertTrue(r.ok());
        assertNull(r.user());
        assertEquals("$G", r.account());
        assertNull(r.permissions());
        assertEquals("", r.username());
        // default permissions without users apply to no one
        assertTrue(auth(new Authenticator(AuthOptions.NONE.withDefaultPermissions(DEFAULT_PERMS), false),
                connect(null, null, null)).ok());
        // empty strings are as good as absent
        assertFalse(new Authenticator(AuthOptions.NONE.withToken("").withUser("", ""), false).authRequired());
    }

    @Test
    void token() {
        Authenticator a = new Authenticator(AuthOptions.NONE.withToken("t0k3n").withDefaultPermissions(DEFAULT_PERMS),
                false);
        assertTrue(a.authRequired());
        assertFalse(a.nonceRequired());
        AuthResult ok = auth(a, connect(null, null, "t0k3n"));
        assertTrue(ok.ok());
        assertEquals("$G", ok.account());
        assertNull(ok.permissions(), "nats-server gives token clients no default permissions");
        assertNull(ok.user().username());
        assertNull(ok.user().password());
        assertFailure("authentication error", auth(a, connect(null, null, "t0k3n ")));
        assertFailure("authentication error", auth(a, connect(null, null, "")));
        assertFailure("authentication error", auth(a, connect("t0k3n", "t0k3n", null)));
    }

    @Test
    void bcryptToken() {
        Authenticator a = new Authenticator(AuthOptions.NONE.withToken(BCRYPT_S3CR3T), false);
        assertTrue(auth(a, connect(null, null, "s3cr3t")).ok());
        assertFailure("authentication error", auth(a, connect(null, null, BCRYPT_S3CR3T)));
        assertFailure("authentication error", auth(a, connect(null, null, "s3cr3")));
    }

    @Test
    void singleUser() {
        Authenticator a = new Authenticator(AuthOptions.NONE.withUser("derek", "s3cr3t"), false);
        assertTrue(a.authRequired());
        AuthResult ok = auth(a, connect("derek", "s3cr3t", null));
        assertTrue(ok.ok());
        assertEquals("derek", ok.username());
        assertNull(ok.user().password());
        assertEquals("$G", ok.account());
        assertNull(ok.permissions());
        assertFailure("authentication error", auth(a, connect("derek", "wrong", null)));
        assertFailure("authentication error", auth(a, connect("Derek", "s3cr3t", null)));
        assertFailure("authentication error", auth(a, connect(null, null, null)));
        assertFailure("authentication error", auth(a, connect(null, null, "s3cr3t")));
        assertTrue(a.plaintextPasswords());

        Authenticator b = new Authenticator(AuthOptions.NONE.withUser("derek", BCRYPT_S3CR3T), false);
        assertTrue(auth(b, connect("derek", "s3cr3t", null)).ok());
        assertFailure("authentication error", auth(b, connect("derek", BCRYPT_S3CR3T, null)));
        assertFalse(b.plaintextPasswords());
    }

    @Test
    void singleUserWithTokenTooTakesTheToken() {
        // Only possible from the command line (--auth with --user): the token is checked first.
        Authenticator a = new Authenticator(AuthOptions.NONE.withToken("tok").withUser("u", "p"), false);
        assertTrue(auth(a, connect(null, null, "tok")).ok());
        assertFalse(auth(a, connect("u", "p", null)).ok());
    }

    private static AuthOptions usersOptions() {
        return AuthOptions.NONE.withDefaultPermissions(DEFAULT_PERMS).withUsers(List.of(
                User.of("alice", "pa55"),
                User.of("bob", BCRYPT_S3CR3T).withAccount("A").withPermissions(USER_PERMS),
                new User("ws", "pw", null, null, null, Set.of("websocket")),
                new User("both", "pw", null, null, "B", Set.of("STANDARD", "WEBSOCKET"))))
                .withAccounts(Map.of("A", Account.named("A"), "B", Account.named("B")));
    }

    @Test
    void usersList() {
        Authenticator a = new Authenticator(usersOptions(), false);
        assertTrue(a.authRequired());
        assertFalse(a.nonceRequired());
        AuthResult alice = auth(a, connect("alice", "pa55", null));
        assertTrue(alice.ok());
        assertEquals("alice", alice.username());
        assertEquals("$G", alice.account());
        assertEquals(DEFAULT_PERMS, alice.permissions());
        AuthResult bob = auth(a, connect("bob", "s3cr3t", null));
        assertTrue(bob.ok());
        assertEquals("A", bob.account());
        assertEquals(USER_PERMS, bob.permissions());
        assertEquals(usersOptions().users().get(1), bob.user());

        assertFailure("authentication error - User \"alice\"", auth(a, connect("alice", "wrong", null)));
        assertFailure("authentication error - User \"bob\"", auth(a, connect("bob", BCRYPT_S3CR3T, null)));
        assertFailure("authentication error - User \"zed\"", auth(a, connect("zed", "pa55", null)));
        assertFailure("authentication error - User \"\"", auth(a, connect(null, null, null)));
        assertFailure("authentication error - User \"\"", auth(a, connect(null, "pa55", null)));
        assertFailure("authentication error - User \"\\\"q\\\"\"", auth(a, connect("\"q\"", "x", null)));
        assertTrue(a.plaintextPasswords());
    }

    @Test
    void allowedConnectionTypes() {
        Authenticator a = new Authenticator(usersOptions(), false);
        assertFailure("authentication error - User \"ws\"", auth(a, connect("ws", "pw", null)));
        assertTrue(a.authenticate(connect("ws", "pw", null), null, null, Authenticator.WEBSOCKET).ok());
        assertTrue(a.authenticate(connect("ws", "pw", null), null, null, "websocket").ok());
        assertFalse(a.authenticate(connect("ws", "pw", null), null, null, Authenticator.MQTT).ok());
        AuthResult both = auth(a, connect("both", "pw", null));
        assertTrue(both.ok());
        assertEquals("B", both.account());
        assertFalse(a.authenticate(connect("both", "pw", null), null, null, Authenticator.LEAFNODE).ok());
        // no types: every type
        assertTrue(a.authenticate(connect("alice", "pa55", null), null, null, Authenticator.MQTT).ok());
        assertTrue(a.authenticate(connect("alice", "pa55", null), null, null, null).ok());
    }

    @Test
    void noAuthUser() {
        Authenticator a = new Authenticator(usersOptions().withNoAuthUser("alice"), false);
        assertTrue(a.authRequired());
        assertTrue(a.hasNoAuthUser());
        AuthResult anon = auth(a, connect(null, null, null));
        assertTrue(anon.ok());
        assertEquals("alice", anon.username());
        assertEquals("$G", anon.account());
        assertEquals(DEFAULT_PERMS, anon.permissions());
        // credentials of another user: that user
        AuthResult bob = auth(a, connect("bob", "s3cr3t", null));
        assertTrue(bob.ok());
        assertEquals("bob", bob.username());
        // wrong credentials: failure, not the no_auth_user
        assertFailure("authentication error - User \"bob\"", auth(a, connect("bob", "nope", null)));
        assertFailure("authentication error - User \"zed\"", auth(a, connect("zed", null, null)));
        // a password alone or a token alone are credentials too
        assertFailure("authentication error - User \"\"", auth(a, connect(null, "pa55", null)));
        assertFailure("authentication error - User \"\"", auth(a, connect(null, null, "tok")));
        // an nkey alone is not (there are no nkey users here)
        assertTrue(auth(a, nkeyConnect("UABC", "")).ok());
    }

    @Test
    void noAuthUserKeepsItsAccountAndPermissions() {
        Authenticator a = new Authenticator(usersOptions().withNoAuthUser("both"), false);
        AuthResult anon = auth(a, connect(null, null, null));
        assertTrue(anon.ok());
        assertEquals("B", anon.account());
        assertFalse(a.authenticate(connect(null, null, null), null, null, Authenticator.LEAFNODE).ok());
    }

    @Test
    void noAuthUserWithBcryptPasswordNeverMatchesAsInNatsServer() {
        // nats-server 2.9 puts the configured password in place of the client's, and a bcrypt hash is not
        // the password of itself.
        Authenticator a = new Authenticator(usersOptions().withNoAuthUser("bob"), false);
        assertFailure("authentication error - User \"bob\"", auth(a, connect(null, null, null)));
        assertTrue(auth(a, connect("bob", "s3cr3t", null)).ok());
    }

    @Test
    void unknownNoAuthUserChangesNothing() {
        Authenticator a = new Authenticator(usersOptions().withNoAuthUser("ghost"), false);
        assertFailure("authentication error - User \"\"", auth(a, connect(null, null, null)));
    }

    // ---- nkeys

    private static String sign(NKey key, String nonce) throws Exception {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(key.sign(nonce.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void nkeys() throws Exception {
        NKey k1 = NKey.createUser(new SecureRandom());
        NKey k2 = NKey.createUser(new SecureRandom());
        NKey stranger = NKey.createUser(new SecureRandom());
        String p1 = new String(k1.getPublicKey());
        String p2 = new String(k2.getPublicKey());
        AuthOptions o = AuthOptions.NONE.withDefaultPermissions(DEFAULT_PERMS).withUsers(List.of(
                User.nkey(p1).withAccount("A").withPermissions(USER_PERMS),
                User.nkey(p2)));
        Authenticator a = new Authenticator(o, false);
        assertTrue(a.authRequired());
        assertTrue(a.nonceRequired());
        String nonce = a.newNonce();

        AuthResult r1 = a.authenticate(nkeyConnect(p1, sign(k1, nonce)), nonce, null, Authenticator.STANDARD);
        assertTrue(r1.ok(), r1::toString);
        assertEquals(p1, r1.user().nkey());
        assertEquals("A", r1.account());
        assertEquals(USER_PERMS, r1.permissions());
        assertEquals("", r1.username());
        AuthResult r2 = a.authenticate(nkeyConnect(p2, sign(k2, nonce)), nonce, null, Authenticator.STANDARD);
        assertTrue(r2.ok());
        assertEquals("$G", r2.account());
        assertEquals(DEFAULT_PERMS, r2.permissions());
        // standard base64 with padding is accepted too
        String std = Base64.getEncoder().encodeToString(k1.sign(nonce.getBytes(StandardCharsets.US_ASCII)));
        assertTrue(a.authenticate(nkeyConnect(p1, std), nonce, null, Authenticator.STANDARD).ok());

        String err1 = "authentication error - Nkey \"" + p1 + "\"";
        // bad signature: k2 signing for p1
        AuthResult bad = a.authenticate(nkeyConnect(p1, sign(k2, nonce)), nonce, null, Authenticator.STANDARD);
        assertFailure(err1, bad);
        assertEquals(List.of("Signature not verified"), bad.debug());
        // replay: a signature over another nonce
        String other = a.newNonce();
        assertNotEquals(nonce, other);
        assertFailure(err1, a.authenticate(nkeyConnect(p1, sign(k1, other)), nonce, null, Authenticator.STANDARD));
        // missing and malformed signatures
        AuthResult missing = a.authenticate(nkeyConnect(p1, ""), nonce, null, Authenticator.STANDARD);
        assertFailure(err1, missing);
        assertEquals(List.of("Signature missing"), missing.debug());
        AuthResult garbage = a.authenticate(nkeyConnect(p1, "***"), nonce, null, Authenticator.STANDARD);
        assertEquals(List.of("Signature not valid base64"), garbage.debug());
        // unknown key, even with a good signature of its own
        String ps = new String(stranger.getPublicKey());
        AuthResult unknown = a.authenticate(nkeyConnect(ps, sign(stranger, nonce)), nonce, null,
                Authenticator.STANDARD);
        assertFailure("authentication error - Nkey \"" + ps + "\"", unknown);
        assertEquals(List.of(), unknown.debug());
        // no nkey at all
        assertFailure("authentication error - Nkey \"\"", auth(a, connect("u", "p", null)));
        assertFailure("authentication error - Nkey \"\"", auth(a, connect(null, null, null)));
    }

    @Test
    void nkeyConnectionTypes() throws Exception {
        NKey k = NKey.createUser(new SecureRandom());
        String p = new String(k.getPublicKey());
        Authenticator a = new Authenticator(AuthOptions.NONE.withUsers(List.of(
                new User(null, null, p, null, null, Set.of("MQTT")))), false);
        String nonce = a.newNonce();
        assertFalse(a.authenticate(nkeyConnect(p, sign(k, nonce)), nonce, null, Authenticator.STANDARD).ok());
        assertTrue(a.authenticate(nkeyConnect(p, sign(k, nonce)), nonce, null, Authenticator.MQTT).ok());
    }

    @Test
    void nkeysAndUsersTogether() throws Exception {
        NKey k = NKey.createUser(new SecureRandom());
        String p = new String(k.getPublicKey());
        Authenticator a = new Authenticator(AuthOptions.NONE.withUsers(List.of(User.nkey(p), User.of("alice", "pa55"))),
                false);
        assertTrue(a.nonceRequired());
        String nonce = a.newNonce();
        assertTrue(a.authenticate(nkeyConnect(p, sign(k, nonce)), nonce, null, Authenticator.STANDARD).ok());
        assertTrue(auth(a, connect("alice", "pa55", null)).ok());
        // with nkeys configured, failures name the nkey (empty here), as nats-server's authViolation does
        assertFailure("authentication error - Nkey \"\"", auth(a, connect("alice", "nope", null)));
        // an nkey that is not configured does not fall back to the user and password
        ConnectOptions c = connect("alice", "pa55", null);
        c.nkey = "UNKNOWN";
        assertFailure("authentication error - Nkey \"UNKNOWN\"", auth(a, c));
    }

    @Test
    void nonceIsFifteenUrlSafeCharacters() {
        Authenticator a = new Authenticator(AuthOptions.NONE, false);
        for (int i = 0; i < 100; i++) {
            String n = a.newNonce();
            assertEquals(15, n.length());
            assertTrue(n.matches("[A-Za-z0-9_-]{15}"), n);
            assertEquals(11, Base64.getUrlDecoder().decode(n).length);
        }
    }

    // ---- verify_and_map

    private static X509Certificate cert(String caseName) {
        return CertMappingTest.cases().get(caseName).cert();
    }

    private static AuthOptions tlsUsers() {
        return AuthOptions.NONE.withDefaultPermissions(DEFAULT_PERMS).withUsers(List.of(
                User.of("alice@example.com", null).withAccount("A").withPermissions(USER_PERMS),
                User.of("host.example.com", null),
                new User("CN=example.com,OU=nats.io,O=Synadia,C=US", null, null, null, "B", Set.of("WEBSOCKET")),
                User.of("CN=judy", "secret")));
    }

    @Test
    void verifyAndMapByEmail() {
        Authenticator a = new Authenticator(tlsUsers(), true);
        AuthResult r = a.authenticate(connect(null, null, null), null, new X509Certificate[] {cert("email SAN")},
                Authenticator.STANDARD);
        assertTrue(r.ok(), r::toString);
        assertEquals("alice@example.com", r.username());
        assertEquals("A", r.account());
        assertEquals(USER_PERMS, r.permissions());
        assertEquals(List.of("Using email found in cert for auth [\"alice@example.com\"]"), r.debug());
        assertNull(r.warning());
    }

    @Test
    void verifyAndMapByDnsName() {
        Authenticator a = new Authenticator(tlsUsers(), true);
        AuthResult r = a.authenticate(connect(null, null, null), null, new X509Certificate[] {cert("DNS SAN")},
                Authenticator.STANDARD);
        assertTrue(r.ok(), r::toString);
        assertEquals("host.example.com", r.username());
        assertEquals("$G", r.account());
        assertEquals(DEFAULT_PERMS, r.permissions());
    }

    @Test
    void verifyAndMapByDistinguishedName() {
        Authenticator a = new Authenticator(tlsUsers(), true);
        X509Certificate[] chain = {cert("DN exact")};
        // that user may only connect over websocket
        AuthResult std = a.authenticate(connect(null, null, null), null, chain, Authenticator.STANDARD);
        assertFailure("authentication error - User \"\"", std);
        assertEquals(List.of("DistinguishedNameMatch could not be used for auth [\"CN=example.com,OU=nats.io,O=Synadia,C=US\"]",
                "User in cert [\"CN=example.com,OU=nats.io,O=Synadia,C=US\"], not found"), std.debug());
        AuthResult ws = a.authenticate(connect(null, null, null), null, chain, Authenticator.WEBSOCKET);
        assertTrue(ws.ok(), ws::toString);
        assertEquals("B", ws.account());
    }

    @Test
    void verifyAndMapWarnsAboutAUserInConnectAndTakesTheCertificates() {
        Authenticator a = new Authenticator(tlsUsers(), true);
        AuthResult r = a.authenticate(connect("mallory", null, null), null, new X509Certificate[] {cert("email SAN")},
                Authenticator.STANDARD);
        assertTrue(r.ok());
        assertEquals("alice@example.com", r.username());
        assertEquals("User \"mallory\" found in connect proto, but user required from cert", r.warning());
    }

    @Test
    void verifyAndMapStillChecksAConfiguredPassword() {
        Authenticator a = new Authenticator(tlsUsers(), true);
        X509Certificate[] chain = {cert("chain of two")};
        AuthResult none = a.authenticate(connect(null, null, null), null, chain, Authenticator.STANDARD);
        assertFailure("authentication error - User \"CN=judy\"", none);
        assertTrue(a.authenticate(connect(null, "secret", null), null, chain, Authenticator.STANDARD).ok());
        // and a password sent for a user without one fails
        assertFalse(a.authenticate(connect(null, "x", null), null, new X509Certificate[] {cert("email SAN")},
                Authenticator.STANDARD).ok());
    }

    @Test
    void verifyAndMapWithoutCertificates() {
        Authenticator a = new Authenticator(tlsUsers(), true);
        AuthResult plain = a.authenticate(connect("alice@example.com", null, null), null, null,
                Authenticator.STANDARD);
        assertFailure("authentication error - User \"alice@example.com\"", plain);
        assertEquals(List.of("User required in cert, no TLS connection state"), plain.debug());
        AuthResult none = a.authenticate(connect(null, null, null), null, new X509Certificate[0],
                Authenticator.STANDARD);
        assertEquals(List.of("User required in cert, no peer certificates found"), none.debug());
        // no_auth_user plays no part with verify_and_map
        Authenticator b = new Authenticator(tlsUsers().withNoAuthUser("host.example.com"), true);
        assertFalse(b.authenticate(connect(null, null, null), null, null, Authenticator.STANDARD).ok());
    }

    @Test
    void verifyAndMapLeavesNkeysToTheirSignature() throws Exception {
        NKey k = NKey.createUser(new SecureRandom());
        String p = new String(k.getPublicKey());
        Authenticator a = new Authenticator(tlsUsers().withUsers(List.of(User.nkey(p), User.of("CN=judy", null))),
                true);
        String nonce = a.newNonce();
        assertTrue(a.authenticate(nkeyConnect(p, sign(k, nonce)), nonce, null, Authenticator.STANDARD).ok());
        AuthResult judy = a.authenticate(connect(null, null, null), nonce, new X509Certificate[] {cert("chain of two")},
                Authenticator.STANDARD);
        assertTrue(judy.ok());
        assertEquals("CN=judy", judy.username());
    }

    @Test
    void plaintextPasswordWarning() {
        assertFalse(new Authenticator(AuthOptions.NONE.withToken("plain"), false).plaintextPasswords());
        assertFalse(new Authenticator(AuthOptions.NONE.withUsers(List.of(User.of("a", BCRYPT_S3CR3T))), false)
                .plaintextPasswords());
        assertTrue(new Authenticator(AuthOptions.NONE.withUsers(List.of(User.of("a", null))), false)
                .plaintextPasswords());
        assertFalse(new Authenticator(AuthOptions.NONE.withUsers(List.of(User.of("a", null))), true)
                .plaintextPasswords());
    }

    // ---- permissions

    @Test
    void responsePermissionsGetNatsServerDefaults() {
        Permissions p = new Permissions(null, SubjectPermission.allow("req.>"), new ResponsePermission(0, null));
        Authenticator a = new Authenticator(AuthOptions.NONE.withUsers(List.of(User.of("r", "p").withPermissions(p))),
                false);
        Permissions eff = auth(a, connect("r", "p", null)).permissions();
        assertEquals(List.of(), eff.publish().allow(), "allow_responses turns off the blanket publish allow");
        assertNull(eff.publish().deny());
        assertEquals(SubjectPermission.allow("req.>"), eff.subscribe());
        assertEquals(new ResponsePermission(1, Duration.ofMinutes(2)), eff.response());

        Permissions q = new Permissions(new SubjectPermission(null, List.of("x")), null,
                new ResponsePermission(5, Duration.ofSeconds(3)));
        Permissions eq = Authenticator.validateResponsePermissions(q);
        assertEquals(new SubjectPermission(List.of(), List.of("x")), eq.publish());
        assertEquals(new ResponsePermission(5, Duration.ofSeconds(3)), eq.response());
        Permissions kept = new Permissions(SubjectPermission.allow("a"), null, null);
        assertSame(kept, Authenticator.validateResponsePermissions(kept));
    }
}
