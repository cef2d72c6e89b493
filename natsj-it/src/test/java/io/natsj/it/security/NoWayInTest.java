package io.natsj.it.security;

import static io.natsj.it.security.NoWayCase.exchange;
import static io.natsj.it.security.NoWayCase.refused;
import static io.natsj.it.security.NoWayCase.row;
import static io.natsj.it.security.NoWayCase.untilClosed;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.natsj.it.support.RawClient;
import io.natsj.it.support.ServerKind;
import io.natsj.it.support.Session;
import io.natsj.it.support.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * "No way in": every way a client might get past authentication, permissions or account isolation,
 * played against nats-server 2.9.10 and natsj started from the same configuration text; natsj must
 * answer as nats-server does (the same -ERR texts, the same connections closed, the same messages
 * delivered where). Each row says in words what nats-server answers; its guards check that it does.
 *
 * <p>{@code -Dnatsj.it.candidate=GO} compares nats-server with itself (a row failing then is
 * non-deterministic, i.e. broken); {@code -Dnatsj.it.printReference=true} prints nats-server's answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoWayInTest {

    // --- test secrets (not key material: passwords of throw-away test servers) --------------------
    static final String PASSWORD = "test-password";
    /** bcrypt (cost 10) of "test-password". */
    static final String PASSWORD_BCRYPT = "$2a$10$jJAzv03y99OGKEedpGOL7u07oYb1pXfsAv4KNMWnHXJC/52KkpanC";
    static final String TOKEN = "test-token";
    /** bcrypt (cost 10) of "test-token". */
    static final String TOKEN_BCRYPT = "$2a$10$GhWFtHyK5DwMDVyeCPMWGuKyaZj0EqW8.Af2R9vRdRLgy0.1KUvYq";

    /** nkeys made for this run: one the server knows, one it does not. */
    static final NKey KNOWN = newUserKey();
    static final NKey UNKNOWN = newUserKey();
    static final String KNOWN_PUB = publicKey(KNOWN);

    // --- configurations -----------------------------------------------------------------------------
    static final String TOKEN_CONF = "authorization { token: \"" + TOKEN + "\" }";
    static final String TOKEN_BCRYPT_CONF = "authorization { token: \"" + TOKEN_BCRYPT + "\" }";
    static final String USER_CONF = "authorization { user: \"alice\", password: \"" + PASSWORD + "\" }";
    static final String USER_BCRYPT_CONF = "authorization { user: \"alice\", password: \"" + PASSWORD_BCRYPT + "\" }";
    static final String USERS_CONF = "authorization { users: [\n"
            + "  {user: \"alice\", password: \"" + PASSWORD + "\"}\n"
            + "  {user: \"bob\", password: \"" + PASSWORD_BCRYPT + "\"}\n"
            + "]}";
    static final String NKEY_CONF = "authorization { users: [ {nkey: \"" + KNOWN_PUB + "\"} ] }";
    static final String NO_AUTH_CONF = "authorization { users: [\n"
            + "  {user: \"alice\", password: \"" + PASSWORD + "\"}\n"
            + "  {user: \"guest\", password: \"guest-password\", permissions: {publish: {deny: [\"secret.>\"]}}}\n"
            + "]}\n"
            + "no_auth_user: \"guest\"";
    static final String TIMEOUT_CONF = "authorization { user: \"alice\", password: \"" + PASSWORD + "\", timeout: 1 }";
    static final String TIMEOUT_FLOAT_CONF = "authorization { user: \"alice\", password: \"" + PASSWORD + "\", timeout: 0.5 }";
    static final String TIMEOUT_STRING_CONF = "authorization { user: \"alice\", password: \"" + PASSWORD + "\", timeout: \"1s\" }";
    static final String SMALL_LINE_CONF = "max_control_line: 1024\n" + USER_CONF;
    static final String PERMS_CONF = "authorization { users: [\n"
            + "  {user: \"pub\", password: \"pub\", permissions: {\n"
            + "     publish: {allow: [\"public.>\", \"_INBOX.>\"], deny: [\"public.secret\"]}\n"
            + "     subscribe: {allow: [\">\"], deny: [\"public.secret\", \"private.>\"]}\n"
            + "  }}\n"
            + "  {user: \"q\", password: \"q\", permissions: {subscribe: {allow: [\"jobs workers\", \"tasks.*\"]}}}\n"
            + "  {user: \"svc\", password: \"svc\", permissions: {publish: {deny: \">\"}, subscribe: {allow: [\"svc.>\"]}, allow_responses: true}}\n"
            + "  {user: \"svc2\", password: \"svc2\", permissions: {subscribe: {allow: [\"svc2.>\"]}, allow_responses: {max: 2}}}\n"
            + "  {user: \"case\", password: \"case\", permissions: {publish: {deny: [\"secret\", \"Secret.>\"]}}}\n"
            + "  {user: \"admin\", password: \"admin\"}\n"
            + "]}";
    static final String ACCOUNTS_CONF = "accounts {\n"
            + "  A: {\n"
            + "    users: [{user: \"a\", password: \"a\"}]\n"
            + "    exports: [\n"
            + "      {stream: \"a.public.>\"}\n"
            + "      {stream: \"a.private.>\", accounts: [C]}\n"
            + "      {service: \"a.svc\"}\n"
            + "      {service: \"a.private.svc\", accounts: [C]}\n"
            + "    ]\n"
            + "  }\n"
            + "  B: {\n"
            + "    users: [{user: \"b\", password: \"b\"}]\n"
            + "    imports: [\n"
            + "      {stream: {account: A, subject: \"a.public.>\"}, prefix: \"fromA\"}\n"
            + "      {service: {account: A, subject: \"a.svc\"}, to: \"svc.a\"}\n"
            + "    ]\n"
            + "  }\n"
            + "  C: {\n"
            + "    users: [{user: \"c\", password: \"c\"}]\n"
            + "    imports: [{stream: {account: A, subject: \"a.private.>\"}}]\n"
            + "  }\n"
            + "}";
    static final String PRIVATE_IMPORT_CONF = "accounts {\n"
            + "  A: { users: [{user: \"a\", password: \"a\"}], exports: [{stream: \"a.private.>\", accounts: [C]}] }\n"
            + "  B: { users: [{user: \"b\", password: \"b\"}], imports: [{stream: {account: A, subject: \"a.private.>\"}}] }\n"
            + "  C: { users: [{user: \"c\", password: \"c\"}] }\n"
            + "}";
    static final String PRIVATE_SERVICE_IMPORT_CONF = "accounts {\n"
            + "  A: { users: [{user: \"a\", password: \"a\"}], exports: [{service: \"a.svc\", accounts: [C]}] }\n"
            + "  B: { users: [{user: \"b\", password: \"b\"}], imports: [{service: {account: A, subject: \"a.svc\"}}] }\n"
            + "  C: { users: [{user: \"c\", password: \"c\"}] }\n"
            + "}";
    static final String WIDER_IMPORT_CONF = "accounts {\n"
            + "  A: { users: [{user: \"a\", password: \"a\"}], exports: [{stream: \"a.public.>\"}] }\n"
            + "  B: { users: [{user: \"b\", password: \"b\"}], imports: [{stream: {account: A, subject: \"a.>\"}}] }\n"
            + "}";
    static final String TOKEN_AND_USERS_CONF = "authorization { token: \"" + TOKEN + "\", users: [{user: \"alice\", password: \"" + PASSWORD + "\"}] }";
    static final String UNKNOWN_NO_AUTH_CONF = "authorization { users: [{user: \"alice\", password: \"" + PASSWORD + "\"}] }\nno_auth_user: \"nobody\"";
    static final String DUPLICATE_USER_CONF = "accounts {\n"
            + "  A: { users: [{user: \"same\", password: \"a\"}] }\n"
            + "  B: { users: [{user: \"same\", password: \"b\"}] }\n"
            + "}";
    static final String DEFAULT_PERMS_CONF = "authorization {\n"
            + "  default_permissions: {publish: {deny: [\"admin.>\"]}}\n"
            + "  users: [\n"
            + "    {user: \"plain\", password: \"plain\"}\n"
            + "    {user: \"own\", password: \"own\", permissions: {publish: {deny: [\"other.>\"]}}}\n"
            + "  ]\n"
            + "}";
    static final String UNEXPORTED_IMPORT_CONF = "accounts {\n"
            + "  A: { users: [{user: \"a\", password: \"a\"}] }\n"
            + "  B: { users: [{user: \"b\", password: \"b\"}], imports: [{stream: {account: A, subject: \"a.x\"}}] }\n"
            + "}";

    // --- CONNECT lines ------------------------------------------------------------------------------
    static String connect(String fields) {
        return "CONNECT {\"verbose\":false,\"pedantic\":false" + (fields.isEmpty() ? "" : "," + fields) + "}\r\n";
    }

    static String userPass(String user, String pass) {
        return connect("\"user\":\"" + user + "\",\"pass\":\"" + pass + "\"");
    }

    static String token(String token) {
        return connect("\"auth_token\":\"" + token + "\"");
    }

    static final String NOTHING = connect("");

    static Stream<NoWayCase> cases() {
        return Stream.of(
                // --- token ----------------------------------------------------------------------------
                exchange("token: the right one", TOKEN_CONF, token(TOKEN), "PONG, connection open").shows("PONG").staysOpen(),
                exchange("token: wrong", TOKEN_CONF, token("test-tokeN"), "-ERR 'Authorization Violation', closed").violation(),
                exchange("token: empty", TOKEN_CONF, token(""), "-ERR 'Authorization Violation', closed").violation(),
                exchange("token: missing", TOKEN_CONF, NOTHING, "-ERR 'Authorization Violation', closed").violation(),
                exchange("token: given as the password", TOKEN_CONF, userPass("x", TOKEN), "-ERR 'Authorization Violation', closed").violation(),
                exchange("token: given as the user", TOKEN_CONF, connect("\"user\":\"" + TOKEN + "\""), "-ERR 'Authorization Violation', closed").violation(),
                exchange("token: JSON null", TOKEN_CONF, connect("\"auth_token\":null"), "-ERR 'Authorization Violation', closed").violation(),
                exchange("bcrypt token: the plain token", TOKEN_BCRYPT_CONF, token(TOKEN), "PONG, connection open").staysOpen(),
                exchange("bcrypt token: the hash itself", TOKEN_BCRYPT_CONF, token(TOKEN_BCRYPT), "-ERR 'Authorization Violation', closed").violation(),
                exchange("bcrypt token: wrong", TOKEN_BCRYPT_CONF, token("test-tokens"), "-ERR 'Authorization Violation', closed").violation(),

                // --- user and password ---------------------------------------------------------------------
                exchange("user: right user and password", USER_CONF, userPass("alice", PASSWORD), "PONG, connection open").staysOpen(),
                exchange("user: wrong password", USER_CONF, userPass("alice", "test-passwordx"), "-ERR 'Authorization Violation', closed").violation(),
                exchange("user: password differing in case", USER_CONF, userPass("alice", "Test-password"), "-ERR 'Authorization Violation', closed").violation(),
                exchange("user: wrong user", USER_CONF, userPass("alicia", PASSWORD), "-ERR 'Authorization Violation', closed").violation(),
                exchange("user: user differing in case", USER_CONF, userPass("Alice", PASSWORD), "-ERR 'Authorization Violation', closed").violation(),
                exchange("user: empty password", USER_CONF, userPass("alice", ""), "-ERR 'Authorization Violation', closed").violation(),
                exchange("user: missing password", USER_CONF, connect("\"user\":\"alice\""), "-ERR 'Authorization Violation', closed").violation(),
                exchange("user: missing user", USER_CONF, connect("\"pass\":\"" + PASSWORD + "\""), "-ERR 'Authorization Violation', closed").violation(),
                exchange("user: empty user and password", USER_CONF, userPass("", ""), "-ERR 'Authorization Violation', closed").violation(),
                exchange("user: no credentials", USER_CONF, NOTHING, "-ERR 'Authorization Violation', closed").violation(),
                exchange("user: password given as token", USER_CONF, token(PASSWORD), "-ERR 'Authorization Violation', closed").violation(),
                exchange("user: password as a JSON number", USER_CONF, connect("\"user\":\"alice\",\"pass\":1"),
                        "closed (CONNECT does not parse as nats-server's ClientOpts)").closes(),
                exchange("bcrypt user: the plain password", USER_BCRYPT_CONF, userPass("alice", PASSWORD), "PONG, connection open").staysOpen(),
                exchange("bcrypt user: the hash itself", USER_BCRYPT_CONF, userPass("alice", PASSWORD_BCRYPT), "-ERR 'Authorization Violation', closed").violation(),
                exchange("bcrypt user: wrong password", USER_BCRYPT_CONF, userPass("alice", "test-passwor"), "-ERR 'Authorization Violation', closed").violation(),
                exchange("users list: bob with his bcrypt password", USERS_CONF, userPass("bob", PASSWORD), "PONG, connection open").staysOpen(),
                exchange("users list: alice with her plain password", USERS_CONF, userPass("alice", PASSWORD), "PONG, connection open").staysOpen(),
                exchange("users list: bob with the hash of his password", USERS_CONF, userPass("bob", PASSWORD_BCRYPT), "-ERR 'Authorization Violation', closed").violation(),
                exchange("users list: unknown user with a valid password", USERS_CONF, userPass("carol", PASSWORD), "-ERR 'Authorization Violation', closed").violation(),

                // --- nkeys -----------------------------------------------------------------------------------
                row("nkey: signature over this connection's nonce", NKEY_CONF, "PONG, connection open", s -> {
                    RawClient c = s.open("c");
                    c.send(nkeyConnect(KNOWN_PUB, sign(KNOWN, nonce(c))) + "PING\r\n");
                    c.awaitPongs(1, RawClient.DEFAULT_WAIT);
                }).staysOpen(),
                row("nkey: signature in standard base64 with padding", NKEY_CONF, "PONG, connection open", s -> {
                    RawClient c = s.open("c");
                    String sig = Base64.getEncoder().encodeToString(KNOWN.sign(nonce(c).getBytes(StandardCharsets.UTF_8)));
                    c.send(nkeyConnect(KNOWN_PUB, sig) + "PING\r\n");
                    c.awaitPongs(1, RawClient.DEFAULT_WAIT);
                }).staysOpen(),
                row("nkey: signed by another key", NKEY_CONF, "-ERR 'Authorization Violation', closed", s -> {
                    RawClient c = s.open("c");
                    c.send(nkeyConnect(KNOWN_PUB, sign(UNKNOWN, nonce(c))) + "PING\r\n");
                    c.awaitPongs(1, RawClient.DEFAULT_WAIT);
                }).violation(),
                row("nkey: signature with one byte flipped", NKEY_CONF, "-ERR 'Authorization Violation', closed", s -> {
                    RawClient c = s.open("c");
                    byte[] sig = KNOWN.sign(nonce(c).getBytes(StandardCharsets.UTF_8));
                    sig[10] ^= 1;
                    c.send(nkeyConnect(KNOWN_PUB, Base64.getUrlEncoder().withoutPadding().encodeToString(sig)) + "PING\r\n");
                    c.awaitPongs(1, RawClient.DEFAULT_WAIT);
                }).violation(),
                row("nkey: signature replayed from another connection's nonce", NKEY_CONF, "-ERR 'Authorization Violation', closed", s -> {
                    RawClient first = s.open("first");
                    String replayed = sign(KNOWN, nonce(first));
                    RawClient c = s.open("c");
                    c.send(nkeyConnect(KNOWN_PUB, replayed) + "PING\r\n");
                    c.awaitPongs(1, RawClient.DEFAULT_WAIT);
                    s.note("nonces differ: " + !nonce(first).equals(nonce(c)));
                }).violation().shows("nonces differ: true"),
                row("nkey: unknown key, correctly signed", NKEY_CONF, "-ERR 'Authorization Violation', closed", s -> {
                    RawClient c = s.open("c");
                    c.send(nkeyConnect(publicKey(UNKNOWN), sign(UNKNOWN, nonce(c))) + "PING\r\n");
                    c.awaitPongs(1, RawClient.DEFAULT_WAIT);
                }).violation(),
                exchange("nkey: no signature", NKEY_CONF, connect("\"nkey\":\"" + KNOWN_PUB + "\""), "-ERR 'Authorization Violation', closed").violation(),
                exchange("nkey: signature that is not base64", NKEY_CONF, nkeyConnect(KNOWN_PUB, "!!not-base64!!"), "-ERR 'Authorization Violation', closed").violation(),
                exchange("nkey: no nkey, only a signature", NKEY_CONF, connect("\"sig\":\"AAAA\""), "-ERR 'Authorization Violation', closed").violation(),
                exchange("nkey: user and password instead", NKEY_CONF, userPass(KNOWN_PUB, "x"), "-ERR 'Authorization Violation', closed").violation(),
                exchange("nkey: nothing", NKEY_CONF, NOTHING, "-ERR 'Authorization Violation', closed").violation(),
                row("nkey: greeting INFO carries a nonce", NKEY_CONF, "INFO has auth_required and a nonce", s -> {
                    RawClient c = s.open("c");
                    Map<?, ?> info = info(c);
                    s.note("auth_required=" + info.get("auth_required") + " nonce present=" + (info.get("nonce") instanceof String n && !n.isEmpty()));
                }).shows("auth_required=true nonce present=true"),

                // --- mixed credentials and repeated CONNECTs --------------------------------------------------------
                exchange("token: right token plus a junk user and password", TOKEN_CONF,
                        connect("\"auth_token\":\"" + TOKEN + "\",\"user\":\"x\",\"pass\":\"y\""), "PONG, open: only the token is checked").staysOpen(),
                exchange("user: right user and password plus a junk token", USER_CONF,
                        connect("\"user\":\"alice\",\"pass\":\"" + PASSWORD + "\",\"auth_token\":\"junk\""), "PONG, open: only user and password are checked").staysOpen(),
                row("nkey: right signature plus a user and password", NKEY_CONF, "PONG, open: only the nkey is checked", s -> {
                    RawClient c = s.open("c");
                    c.send(connect("\"nkey\":\"" + KNOWN_PUB + "\",\"sig\":\"" + sign(KNOWN, nonce(c)) + "\",\"user\":\"x\",\"pass\":\"y\"") + "PING\r\n");
                    c.awaitPongs(1, RawClient.DEFAULT_WAIT);
                }).staysOpen(),
                exchange("second CONNECT with a wrong password", USER_CONF, userPass("alice", PASSWORD) + "PING\r\n" + userPass("alice", "wrong"),
                        "PONG, then the second CONNECT is checked again: -ERR 'Authorization Violation', closed").shows("PONG").violation(),
                row("second CONNECT as another user", PERMS_CONF,
                        "the connection becomes admin: the first PUB private.x is a violation, the second is delivered", s -> {
                    RawClient watcher = login(s, "watcher", "admin", "admin");
                    watcher.send("SUB private.x 1\r\n").ping();
                    RawClient c = s.open("c");
                    c.send(userPass("pub", "pub") + "PUB private.x 1\r\nx\r\n" + userPass("admin", "admin") + "PUB private.x 1\r\ny\r\n").ping();
                    watcher.ping();
                }).shows("[c] -ERR 'Permissions Violation for Publish to \"private.x\"'", "[watcher] MSG private.x 1 1\\r\\ny").lacks("\\r\\nx\\r\\n"),
                exchange("second CONNECT without credentials", USER_CONF, userPass("alice", PASSWORD) + "PING\r\n" + NOTHING,
                        "PONG, PONG, open: a CONNECT is read over the previous one, so alice's user and password stay").staysOpen(),
                exchange("second CONNECT with the user only", USER_CONF, userPass("alice", PASSWORD) + "PING\r\n" + connect("\"user\":\"alice\""),
                        "PONG, PONG, open: the password of the first CONNECT stays (alone this CONNECT is a violation)").staysOpen().lacks("Violation"),
                exchange("second CONNECT keeps the fields it does not name (no authentication)", "",
                        "CONNECT {\"verbose\":false,\"echo\":false}\r\nPING\r\nCONNECT {\"pedantic\":false}\r\nSUB me 1\r\nPUB me 1\r\nx\r\n",
                        "no MSG: echo false from the first CONNECT still holds after the second").staysOpen().lacks("MSG"),
                exchange("second CONNECT with another password only", USER_CONF, userPass("alice", PASSWORD) + "PING\r\n" + connect("\"pass\":\"nope\""),
                        "PONG, then -ERR 'Authorization Violation', closed: the new password replaces the old").shows("PONG").violation(),

                // --- first operation not CONNECT ---------------------------------------------------------------
                exchange("before CONNECT: PING", USER_CONF, "", "-ERR 'Authorization Violation', closed (no PONG)").violation().lacks("PONG"),
                exchange("before CONNECT: SUB", USER_CONF, "SUB foo 1\r\n", "-ERR 'Authorization Violation', closed").violation(),
                exchange("before CONNECT: PUB", USER_CONF, "PUB foo 2\r\nhi\r\n", "-ERR 'Authorization Violation', closed").violation(),
                exchange("before CONNECT: PING, with no_auth_user", NO_AUTH_CONF, "", "PONG: the connection is the no_auth_user").shows("PONG").staysOpen(),
                exchange("before CONNECT: SUB and PUB, with no_auth_user", NO_AUTH_CONF, "SUB foo 1\r\nPUB foo 2\r\nhi\r\n",
                        "the message is delivered: the connection is the no_auth_user").shows("MSG foo 1 2").staysOpen(),
                exchange("before CONNECT: PUB denied to the no_auth_user", NO_AUTH_CONF, "PUB secret.x 2\r\nhi\r\n",
                        "-ERR 'Permissions Violation for Publish to \"secret.x\"', open").shows("Permissions Violation for Publish").staysOpen(),
                exchange("before CONNECT: PING then CONNECT as alice, with no_auth_user", NO_AUTH_CONF,
                        "PING\r\n" + userPass("alice", PASSWORD) + "PUB secret.x 2\r\nhi\r\n",
                        "the later CONNECT authenticates as alice: PONG, PONG, and secret.x may be published").staysOpen().lacks("Violation"),
                exchange("before CONNECT: PING then CONNECT with a wrong password, with no_auth_user", NO_AUTH_CONF,
                        "PING\r\n" + userPass("alice", "wrong"), "PONG, then the CONNECT is checked: -ERR 'Authorization Violation', closed")
                        .shows("PONG").violation(),

                // --- no_auth_user -------------------------------------------------------------------------------
                exchange("no_auth_user: no credentials", NO_AUTH_CONF, NOTHING + "PUB secret.x 2\r\nhi\r\n",
                        "the connection is guest: publishing to secret.x is a permissions violation").shows("Permissions Violation for Publish").staysOpen(),
                exchange("no_auth_user: wrong password for alice does not fall back", NO_AUTH_CONF, userPass("alice", "wrong"),
                        "-ERR 'Authorization Violation', closed").violation(),
                exchange("no_auth_user: unknown user does not fall back", NO_AUTH_CONF, userPass("mallory", "x"),
                        "-ERR 'Authorization Violation', closed").violation(),
                exchange("no_auth_user: user without password does not fall back", NO_AUTH_CONF, connect("\"user\":\"alice\""),
                        "-ERR 'Authorization Violation', closed").violation(),
                exchange("no_auth_user: a token does not fall back", NO_AUTH_CONF, token("whatever"),
                        "-ERR 'Authorization Violation', closed").violation(),
                exchange("no_auth_user: the guest's own name without password", NO_AUTH_CONF, connect("\"user\":\"guest\""),
                        "-ERR 'Authorization Violation', closed").violation(),
                exchange("no_auth_user: alice's right credentials", NO_AUTH_CONF, userPass("alice", PASSWORD) + "PUB secret.x 2\r\nhi\r\n",
                        "the connection is alice: secret.x may be published").staysOpen().lacks("Permissions Violation"),

                // --- auth timeout ------------------------------------------------------------------------------
                row("auth timeout 1: nothing sent", TIMEOUT_CONF, "-ERR 'Authentication Timeout' after about a second, closed", s -> {
                    RawClient c = s.open("c");
                    long start = System.nanoTime();
                    boolean closed = c.awaitClosed(Duration.ofSeconds(4));
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    s.note("closed within 4 s: " + closed + "; after 0.7 to 2 s: " + (millis >= 700 && millis <= 2000));
                }).shows("-ERR 'Authentication Timeout'", "closed within 4 s: true; after 0.7 to 2 s: true"),
                untilClosed("auth timeout 1: CONNECT line never finished", TIMEOUT_CONF, "CONNECT {\"user\":\"alice\"", Duration.ofSeconds(4),
                        "-ERR 'Authentication Timeout', closed").shows("-ERR 'Authentication Timeout'").closes(),
                untilClosed("auth timeout 0.5 (seconds as a float)", TIMEOUT_FLOAT_CONF, "", Duration.ofSeconds(4),
                        "-ERR 'Authentication Timeout', closed").shows("-ERR 'Authentication Timeout'").closes(),
                untilClosed("auth timeout \"1s\" (a duration string)", TIMEOUT_STRING_CONF, "", Duration.ofSeconds(4),
                        "the string is accepted: -ERR 'Authentication Timeout', closed").shows("-ERR 'Authentication Timeout'").closes(),
                row("auth timeout: CONNECT in time stays connected past the timeout", TIMEOUT_CONF, "open, PONGs", s -> {
                    RawClient c = s.open("c");
                    c.send(userPass("alice", PASSWORD)).ping();
                    c.awaitClosed(Duration.ofMillis(1500));
                    c.ping();
                }).staysOpen().lacks("Timeout"),

                // --- CONNECT fields account / new_account ---------------------------------------------------------
                exchange("CONNECT with account field", USER_CONF, connect("\"user\":\"alice\",\"pass\":\"" + PASSWORD + "\",\"account\":\"SYS\""),
                        "-ERR 'Authorization Violation', closed: alice has no account SYS").violation(),
                exchange("CONNECT with account $G (the account alice is in)", USER_CONF, connect("\"user\":\"alice\",\"pass\":\"" + PASSWORD + "\",\"account\":\"$G\""),
                        "-ERR 'Authorization Violation', closed: any account field fails, even the user's own account").violation(),
                exchange("CONNECT with new_account false", USER_CONF, connect("\"user\":\"alice\",\"pass\":\"" + PASSWORD + "\",\"new_account\":false"),
                        "PONG, open: a false new_account is no account request").staysOpen(),
                row("CONNECT as b naming its own account B", ACCOUNTS_CONF, "-ERR 'Authorization Violation', closed: any account field fails", s -> {
                    RawClient b = s.open("b");
                    b.send(connect("\"user\":\"b\",\"pass\":\"b\",\"account\":\"B\"") + "SUB x 1\r\nPUB x 1\r\nz\r\n").ping();
                }).violation(),
                exchange("no auth configured: CONNECT with account $G", "", connect("\"account\":\"$G\"") + "SUB x 1\r\nPUB x 1\r\nz\r\n",
                        "-ERR 'Authorization Violation', closed: the account field fails even without authentication").violation(),
                exchange("no auth configured: CONNECT with a new account", "", connect("\"account\":\"NEWACC\",\"new_account\":true") + "SUB x 1\r\nPUB x 1\r\nz\r\n",
                        "-ERR 'Authorization Violation', closed").violation(),
                exchange("CONNECT with new_account true", USER_CONF, connect("\"user\":\"alice\",\"pass\":\"" + PASSWORD + "\",\"new_account\":true"),
                        "-ERR 'Authorization Violation', closed").violation(),
                row("CONNECT as b naming account A does not enter A", ACCOUNTS_CONF, "-ERR 'Authorization Violation' for b, closed; a unaffected", s -> {
                    RawClient b = s.open("b");
                    b.send(connect("\"user\":\"b\",\"pass\":\"b\",\"account\":\"A\"") + "SUB a.> 1\r\n").ping();
                    RawClient a = login(s, "a", "a", "a");
                    a.send("PUB a.other 2\r\nhi\r\n").ping();
                    b.ping();
                }).shows("[b] -ERR 'Authorization Violation'").lacks("MSG"),

                // --- oversized fields (max_control_line 1024) --------------------------------------------------------
                exchange("huge password within max_control_line", SMALL_LINE_CONF, userPass("alice", "p".repeat(900)),
                        "-ERR 'Authorization Violation', closed").violation(),
                exchange("huge user within max_control_line", SMALL_LINE_CONF, userPass("a".repeat(900), PASSWORD),
                        "-ERR 'Authorization Violation', closed").violation(),
                exchange("huge password beyond max_control_line", SMALL_LINE_CONF, userPass("alice", "p".repeat(2000)),
                        "-ERR 'maximum control line exceeded', closed").shows("-ERR 'maximum control line exceeded'").closes(),
                exchange("right credentials padded beyond max_control_line", SMALL_LINE_CONF,
                        connect("\"user\":\"alice\",\"pass\":\"" + PASSWORD + "\",\"name\":\"" + "n".repeat(2000) + "\""),
                        "-ERR 'maximum control line exceeded', closed: no exception for the CONNECT line").shows("-ERR 'maximum control line exceeded'").closes(),

                // --- publish permissions ---------------------------------------------------------------------------
                row("publish to a denied subject", PERMS_CONF, "-ERR 'Permissions Violation for Publish to \"public.secret\"', open; nothing delivered", s -> {
                    RawClient admin = login(s, "admin", "admin", "admin");
                    admin.send("SUB > 1\r\n").ping();
                    RawClient pub = login(s, "pub", "pub", "pub");
                    pub.send("PUB public.secret 2\r\nhi\r\nPUB public.ok 2\r\nok\r\n").ping();
                    admin.ping();
                }).shows("Permissions Violation for Publish to \"public.secret\"", "MSG public.ok").lacks("MSG public.secret").staysOpen(),
                exchange("publish outside the allow list", PERMS_CONF, userPass("pub", "pub") + "PUB other.x 2\r\nhi\r\n",
                        "-ERR 'Permissions Violation for Publish to \"other.x\"', open").shows("Permissions Violation for Publish").staysOpen(),
                exchange("publish to a denied subject in upper case (outside the allow list)", PERMS_CONF, userPass("pub", "pub") + "PUB PUBLIC.SECRET 2\r\nhi\r\n",
                        "-ERR 'Permissions Violation for Publish to \"PUBLIC.SECRET\"' (subjects are case-sensitive; not in allow)")
                        .shows("Permissions Violation for Publish").staysOpen(),
                row("deny-only user: a denied subject in another case is not denied", PERMS_CONF,
                        "Secret and SECRET are delivered, secret and Secret.x are violations", s -> {
                    RawClient admin = login(s, "admin", "admin", "admin");
                    admin.send("SUB > 1\r\n").ping();
                    RawClient c = login(s, "case", "case", "case");
                    c.send("PUB secret 1\r\na\r\nPUB SECRET 1\r\nb\r\nPUB Secret 1\r\nc\r\nPUB Secret.x 1\r\nd\r\nPUB secret.x 1\r\ne\r\n").ping();
                    admin.ping();
                }).shows("MSG SECRET 1 1", "MSG secret.x").lacks("MSG secret 1", "MSG Secret.x"),
                row("publish with a wildcard subject covering a denied one", PERMS_CONF,
                        "allowed (\"public.*\" is matched as a literal against public.> and public.secret): only the public.> subscriber gets it", s -> {
                    RawClient admin = login(s, "admin", "admin", "admin");
                    admin.send("SUB public.secret 1\r\nSUB public.> 2\r\n").ping();
                    RawClient pub = login(s, "pub", "pub", "pub");
                    pub.send("PUB public.* 2\r\nhi\r\n").ping();
                    admin.ping();
                }).shows("[admin] MSG public.* 2 2").lacks("Violation", "MSG public.* 1 "),
                exchange("publish with a reply subject outside the allow list", PERMS_CONF, userPass("pub", "pub") + "SUB public.echo 1\r\nPUB public.echo private.inbox 2\r\nhi\r\n",
                        "delivered with its reply: the reply subject is not checked against publish permissions"),
                exchange("publish with reply _R_. (reserved)", PERMS_CONF, userPass("admin", "admin") + "SUB foo 1\r\nPUB foo _R_.abc 2\r\nhi\r\n",
                        "-ERR 'Permissions Violation for Publish with Reply of \"_R_.abc\"', open, not delivered, even without permissions")
                        .shows("Permissions Violation for Publish with Reply of").lacks("MSG").staysOpen(),
                exchange("publish with reply $JS.ACK. (reserved)", PERMS_CONF, userPass("admin", "admin") + "SUB foo 1\r\nPUB foo $JS.ACK.s.c.1.1.1.1.0 2\r\nhi\r\n",
                        "-ERR 'Permissions Violation for Publish with Reply of \"$JS.ACK.s.c.1.1.1.1.0\"', open, not delivered")
                        .shows("Permissions Violation for Publish with Reply of \"$JS.ACK.").lacks("MSG").staysOpen(),
                exchange("publish with reply $GNR. (reserved)", PERMS_CONF, userPass("admin", "admin") + "SUB foo 1\r\nPUB foo $GNR.x.y.z 2\r\nhi\r\n",
                        "delivered: $GNR. is not refused from a client in 2.9.10").shows("MSG foo 1 $GNR.x.y.z 2").staysOpen(),
                exchange("publish with reply _R_. by a user with permissions", PERMS_CONF, userPass("pub", "pub") + "SUB public.x 1\r\nPUB public.x _R_.abc 2\r\nhi\r\n",
                        "-ERR 'Permissions Violation for Publish with Reply of \"_R_.abc\"', open").shows("Permissions Violation for Publish with Reply of").lacks("MSG").staysOpen(),

                exchange("publish with headers (HPUB) to a denied subject", PERMS_CONF,
                        connect("\"user\":\"pub\",\"pass\":\"pub\",\"headers\":true") + "HPUB public.secret 12 14\r\nNATS/1.0\r\n\r\nhi\r\n",
                        "-ERR 'Permissions Violation for Publish to \"public.secret\"', open").shows("Permissions Violation for Publish to \"public.secret\"").staysOpen(),
                exchange("verbose: publish to a denied subject", PERMS_CONF,
                        "CONNECT {\"verbose\":true,\"pedantic\":false,\"user\":\"pub\",\"pass\":\"pub\"}\r\nPUB public.secret 2\r\nhi\r\nPUB public.ok 2\r\nhi\r\n",
                        "+OK for CONNECT, -ERR for the denied PUB (no +OK), +OK for the allowed one")
                        .shows("+OK", "Permissions Violation for Publish").staysOpen(),
                exchange("verbose: subscribe to a denied subject", PERMS_CONF,
                        "CONNECT {\"verbose\":true,\"pedantic\":false,\"user\":\"pub\",\"pass\":\"pub\"}\r\nSUB private.x 1\r\n",
                        "+OK for CONNECT, -ERR for the denied SUB (no +OK)").shows("+OK", "Permissions Violation for Subscription").staysOpen(),
                exchange("default_permissions apply to a user without permissions", DEFAULT_PERMS_CONF, userPass("plain", "plain") + "PUB admin.x 1\r\nx\r\n",
                        "-ERR 'Permissions Violation for Publish to \"admin.x\"', open").shows("Permissions Violation for Publish to \"admin.x\"").staysOpen(),
                exchange("default_permissions do not add to a user's own", DEFAULT_PERMS_CONF, userPass("own", "own") + "SUB admin.x 1\r\nPUB admin.x 1\r\nx\r\nPUB other.x 1\r\nx\r\n",
                        "admin.x delivered (own permissions replace the defaults); other.x a violation")
                        .shows("MSG admin.x 1 1", "Permissions Violation for Publish to \"other.x\""),

                // --- subscribe permissions --------------------------------------------------------------------------
                row("a denied subscription does not exist", PERMS_CONF, "the SUB gets -ERR; admin's message to private.x does not reach pub", s -> {
                    RawClient pub = login(s, "pub", "pub", "pub");
                    pub.send("SUB private.x 1\r\n").ping();
                    RawClient admin = login(s, "admin", "admin", "admin");
                    admin.send("PUB private.x 2\r\nhi\r\n").ping();
                    pub.ping();
                }).shows("Permissions Violation for Subscription to \"private.x\"").lacks("MSG"),
                exchange("subscribe to a denied subject", PERMS_CONF, userPass("pub", "pub") + "SUB public.secret 1\r\n",
                        "-ERR 'Permissions Violation for Subscription to \"public.secret\"', open").shows("Permissions Violation for Subscription to \"public.secret\"").staysOpen(),
                exchange("subscribe under a denied wildcard", PERMS_CONF, userPass("pub", "pub") + "SUB private.x 1\r\n",
                        "-ERR 'Permissions Violation for Subscription to \"private.x\"', open").shows("Permissions Violation for Subscription").staysOpen(),
                exchange("subscribe to the denied wildcard itself", PERMS_CONF, userPass("pub", "pub") + "SUB private.> 1\r\n",
                        "-ERR 'Permissions Violation for Subscription to \"private.>\"', open").shows("Permissions Violation for Subscription").staysOpen(),
                row("subscribe with * covering a denied subject", PERMS_CONF, "subscription allowed; public.ok delivered, public.secret never", s -> {
                    RawClient pub = login(s, "pub", "pub", "pub");
                    pub.send("SUB public.* 1\r\n").ping();
                    RawClient admin = login(s, "admin", "admin", "admin");
                    admin.send("PUB public.secret 1\r\nx\r\nPUB public.ok 1\r\ny\r\n").ping();
                    pub.ping();
                }).shows("MSG public.ok 1 1").lacks("MSG public.secret", "Permissions Violation"),
                row("subscribe with > covering denied subjects", PERMS_CONF, "subscription allowed; only what is not denied arrives", s -> {
                    RawClient pub = login(s, "pub", "pub", "pub");
                    pub.send("SUB > 1\r\n").ping();
                    RawClient admin = login(s, "admin", "admin", "admin");
                    admin.send("PUB public.secret 1\r\nx\r\nPUB private.a.b 1\r\ny\r\nPUB other 1\r\nz\r\n").ping();
                    pub.ping();
                }).shows("MSG other 1 1").lacks("MSG public.secret", "MSG private.a.b"),
                row("subscribe with * covering a denied subject, queue group", PERMS_CONF, "queue subscription allowed; denied subject never delivered", s -> {
                    RawClient pub = login(s, "pub", "pub", "pub");
                    pub.send("SUB public.* g 1\r\n").ping();
                    RawClient admin = login(s, "admin", "admin", "admin");
                    admin.send("PUB public.secret 1\r\nx\r\nPUB public.ok 1\r\ny\r\n").ping();
                    pub.ping();
                }).shows("MSG public.ok 1 1").lacks("MSG public.secret"),

                // nats-server loads its delivery deny filter only when a denied subject is a subset of a new
                // wildcard subscription (subjectIsSubsetMatch); private.> is not a subset of *.x.
                row("subscribe with *.x overlapping a denied wildcard", PERMS_CONF,
                        "subscription allowed and private.x IS delivered: no denied subject is a subset of *.x, so no deny filter", s -> {
                    RawClient pub = login(s, "pub", "pub", "pub");
                    pub.send("SUB *.x 1\r\n").ping();
                    RawClient admin = login(s, "admin", "admin", "admin");
                    admin.send("PUB private.x 1\r\na\r\nPUB other.x 1\r\nb\r\n").ping();
                    pub.ping();
                }).shows("[pub] MSG private.x 1 1", "[pub] MSG other.x 1 1").lacks("Violation"),
                row("subscribe with *.x after a subscription that loaded the deny filter", PERMS_CONF,
                        "private.x is no longer delivered: SUB public.* loaded the connection's deny filter first", s -> {
                    RawClient pub = login(s, "pub", "pub", "pub");
                    pub.send("SUB public.* 1\r\nSUB *.x 2\r\n").ping();
                    RawClient admin = login(s, "admin", "admin", "admin");
                    admin.send("PUB private.x 1\r\na\r\nPUB other.x 1\r\nb\r\n").ping();
                    pub.ping();
                }).shows("[pub] MSG other.x 2 1").lacks("MSG private.x", "Violation"),
                exchange("subscribe with a narrower wildcard inside a denied one", PERMS_CONF, userPass("pub", "pub") + "SUB private.* 1\r\n",
                        "-ERR 'Permissions Violation for Subscription to \"private.*\"', open").shows("Permissions Violation for Subscription to \"private.*\"").staysOpen(),
                exchange("queue subscription to a denied subject", PERMS_CONF, userPass("pub", "pub") + "SUB public.secret g 1\r\n",
                        "-ERR 'Permissions Violation for Subscription to \"public.secret\" using queue \"g\"', open")
                        .shows("Permissions Violation for Subscription to \"public.secret\" using queue \"g\"").staysOpen(),
                row("deny-only user publishing to > and *", PERMS_CONF, "allowed; subjects \">\" and \"*\" reach only the > subscriber (literal subjects), never the secret one", s -> {
                    RawClient admin = login(s, "admin", "admin", "admin");
                    admin.send("SUB secret 1\r\nSUB > 2\r\n").ping();
                    RawClient c = login(s, "case", "case", "case");
                    c.send("PUB > 1\r\na\r\nPUB * 1\r\nb\r\n").ping();
                    admin.ping();
                }).shows("[admin] MSG > 2 1", "[admin] MSG * 2 1").lacks("MSG > 1", "MSG * 1", "Violation"),
                exchange("PUB to a denied subject separated by tabs", PERMS_CONF, userPass("pub", "pub") + "PUB\tpublic.secret\t2\r\nhi\r\n",
                        "-ERR 'Permissions Violation for Publish to \"public.secret\"', open").shows("Permissions Violation for Publish to \"public.secret\"").staysOpen(),
                row("PUB to near-spellings of a denied subject", PERMS_CONF, "public.secret. and public..secret are violations (empty tokens match no allow entry); public.secret.x is delivered", s -> {
                    RawClient admin = login(s, "admin", "admin", "admin");
                    admin.send("SUB public.secret 1\r\nSUB public.> 2\r\n").ping();
                    RawClient pub = login(s, "pub", "pub", "pub");
                    pub.send("PUB public.secret. 1\r\na\r\nPUB public..secret 1\r\nb\r\nPUB public.secret.x 1\r\nc\r\n").ping();
                    admin.ping();
                }).shows("Permissions Violation for Publish to \"public.secret.\"", "Permissions Violation for Publish to \"public..secret\"",
                        "[admin] MSG public.secret.x 2 1").lacks("MSG public.secret 1"),

                // --- queue permissions --------------------------------------------------------------------------------
                exchange("queue subscription with the allowed queue", PERMS_CONF, userPass("q", "q") + "SUB jobs workers 1\r\n",
                        "allowed").staysOpen().lacks("Violation"),
                exchange("queue subscription with a queue not allowed", PERMS_CONF, userPass("q", "q") + "SUB jobs thieves 1\r\n",
                        "-ERR 'Permissions Violation for Subscription to \"jobs\" using queue \"thieves\"', open").shows("Permissions Violation for Subscription").staysOpen(),
                exchange("plain subscription where only a queue is allowed", PERMS_CONF, userPass("q", "q") + "SUB jobs 1\r\n",
                        "-ERR 'Permissions Violation for Subscription to \"jobs\"', open").shows("Permissions Violation for Subscription").staysOpen(),
                exchange("queue subscription where the allow entry has no queue", PERMS_CONF, userPass("q", "q") + "SUB tasks.1 anyq 1\r\nSUB tasks.2 2\r\n",
                        "both allowed: an entry without a queue allows any queue").lacks("Violation"),

                // --- allow_responses ------------------------------------------------------------------------------------
                row("allow_responses: one reply, the second denied", PERMS_CONF,
                        "first reply delivered; second reply and a non-reply publish get Permissions Violation for Publish", s -> {
                    RawClient svc = login(s, "svc", "svc", "svc");
                    svc.send("SUB svc.echo 1\r\n").ping();
                    RawClient admin = login(s, "admin", "admin", "admin");
                    admin.send("SUB inbox.1 9\r\nPUB svc.echo inbox.1 2\r\nhi\r\n").ping();
                    svc.waitFor(o -> o.has("MSG svc.echo"), RawClient.DEFAULT_WAIT);
                    svc.send("PUB inbox.1 3\r\none\r\nPUB inbox.1 3\r\ntwo\r\nPUB other 1\r\nx\r\n").ping();
                    admin.ping();
                }).shows("MSG inbox.1 9 3\\r\\none", "Permissions Violation for Publish to \"inbox.1\"", "Permissions Violation for Publish to \"other\"").lacks("two"),
                row("allow_responses max 2: two replies, the third denied", PERMS_CONF, "two replies delivered, the third a violation", s -> {
                    RawClient svc = login(s, "svc2", "svc2", "svc2");
                    svc.send("SUB svc2.echo 1\r\n").ping();
                    RawClient admin = login(s, "admin", "admin", "admin");
                    admin.send("SUB inbox.2 9\r\nPUB svc2.echo inbox.2 2\r\nhi\r\n").ping();
                    svc.waitFor(o -> o.has("MSG svc2.echo"), RawClient.DEFAULT_WAIT);
                    svc.send("PUB inbox.2 3\r\none\r\nPUB inbox.2 3\r\ntwo\r\nPUB inbox.2 5\r\nthree\r\n").ping();
                    admin.ping();
                }).shows("one", "two", "Permissions Violation for Publish to \"inbox.2\"").lacks("three"),
                row("allow_responses: a reply subject never requested", PERMS_CONF, "-ERR 'Permissions Violation for Publish to \"inbox.9\"'", s -> {
                    RawClient svc = login(s, "svc", "svc", "svc");
                    svc.send("PUB inbox.9 1\r\nx\r\n").ping();
                }).shows("Permissions Violation for Publish to \"inbox.9\""),

                // --- accounts ---------------------------------------------------------------------------------------------
                row("accounts: another account's messages are not seen", ACCOUNTS_CONF, "a's SUB > gets nothing of b's PUBs; b gets its own", s -> {
                    RawClient a = login(s, "a", "a", "a");
                    a.send("SUB > 1\r\n").ping();
                    RawClient b = login(s, "b", "b", "b");
                    b.send("SUB > 1\r\nPUB x.y 2\r\nhi\r\nPUB a.public.z 2\r\nhi\r\n").ping();
                    a.ping();
                }).shows("[b] MSG x.y 1 2").lacks("[a] MSG"),
                row("accounts: stream import with prefix", ACCOUNTS_CONF,
                        "b gets a's a.public.news as fromA.a.public.news, not unprefixed; a.other is not exported", s -> {
                    s.unordered(); // two subscriptions of b match: nats-server delivers to them in map order
                    RawClient b = login(s, "b", "b", "b");
                    b.send("SUB fromA.> 1\r\nSUB a.> 2\r\nSUB > 3\r\n").ping();
                    RawClient a = login(s, "a", "a", "a");
                    a.send("PUB a.public.news 2\r\nhi\r\nPUB a.other 2\r\nhi\r\nPUB a.private.x 2\r\nhi\r\n").ping();
                    b.ping();
                }).shows("MSG fromA.a.public.news 1 2").lacks("MSG a.public.news", "a.other", "a.private"),
                row("accounts: private stream export reaches only the granted account", ACCOUNTS_CONF,
                        "c gets a.private.x; b gets nothing", s -> {
                    RawClient c = login(s, "c", "c", "c");
                    c.send("SUB > 1\r\n").ping();
                    RawClient b = login(s, "b", "b", "b");
                    b.send("SUB > 1\r\n").ping();
                    RawClient a = login(s, "a", "a", "a");
                    a.send("PUB a.private.x 2\r\nhi\r\n").ping();
                    c.ping();
                    b.ping();
                }).shows("[c] MSG a.private.x 1 2").lacks("[b] MSG"),
                row("accounts: publishing into the exporter's subject space", ACCOUNTS_CONF, "a's subscriber gets nothing from b", s -> {
                    RawClient a = login(s, "a", "a", "a");
                    a.send("SUB a.> 1\r\n").ping();
                    RawClient b = login(s, "b", "b", "b");
                    b.send("PUB a.public.x 2\r\nhi\r\nPUB fromA.a.public.x 2\r\nhi\r\nPUB a.svc.x 2\r\nhi\r\n").ping();
                    a.ping();
                }).lacks("[a] MSG"),
                row("accounts: service import with to", ACCOUNTS_CONF,
                        "a gets b's request on a.svc with a _R_ reply; its answer reaches b's inbox", s -> {
                    RawClient a = login(s, "a", "a", "a");
                    a.send("SUB a.svc 1\r\n").ping();
                    RawClient b = login(s, "b", "b", "b");
                    b.send("SUB inbox.b 1\r\nPUB svc.a inbox.b 3\r\nreq\r\n").ping();
                    a.waitFor(o -> o.has("MSG a.svc"), RawClient.DEFAULT_WAIT);
                    String reply = replyOf(a.output().frames().stream().filter(f -> f.startsWith("MSG a.svc")).findFirst().orElse(""));
                    a.send("PUB " + reply + " 3\r\nrep\r\n").ping();
                    b.waitFor(o -> o.has("MSG inbox.b"), RawClient.DEFAULT_WAIT);
                    b.ping();
                }).shows("[a] MSG a.svc 1 _R_.", "[b] MSG inbox.b 1 3"),
                row("accounts: the service's own subject is not reachable from the importer", ACCOUNTS_CONF,
                        "b's PUB a.svc reaches nobody in A", s -> {
                    RawClient a = login(s, "a", "a", "a");
                    a.send("SUB a.svc 1\r\nSUB a.private.svc 2\r\n").ping();
                    RawClient b = login(s, "b", "b", "b");
                    b.send("PUB a.svc inbox.b 3\r\nreq\r\nPUB a.private.svc inbox.b 3\r\nreq\r\n").ping();
                    a.ping();
                }).lacks("[a] MSG"),
                row("accounts: a response after the service replied once", ACCOUNTS_CONF,
                        "the first response reaches b; the second is dropped silently (no error)", s -> {
                    RawClient a = login(s, "a", "a", "a");
                    a.send("SUB a.svc 1\r\n").ping();
                    RawClient b = login(s, "b", "b", "b");
                    b.send("SUB inbox.b 1\r\nPUB svc.a inbox.b 3\r\nreq\r\n").ping();
                    a.waitFor(o -> o.has("MSG a.svc"), RawClient.DEFAULT_WAIT);
                    String reply = replyOf(a.output().frames().stream().filter(f -> f.startsWith("MSG a.svc")).findFirst().orElse(""));
                    a.send("PUB " + reply + " 3\r\none\r\nPUB " + reply + " 3\r\ntwo\r\n").ping();
                    b.waitFor(o -> o.has("MSG inbox.b"), RawClient.DEFAULT_WAIT);
                    b.ping();
                }).shows("[b] MSG inbox.b 1 3\\r\\none").lacks("two", "Violation"),
                row("accounts: importer subscribing to _R_ replies sees nothing of others'", ACCOUNTS_CONF,
                        "c's SUB _R_.> and SUB > get nothing of the A-B request and reply", s -> {
                    RawClient c = login(s, "c", "c", "c");
                    c.send("SUB _R_.> 1\r\nSUB > 2\r\n").ping();
                    RawClient a = login(s, "a", "a", "a");
                    a.send("SUB a.svc 1\r\n").ping();
                    RawClient b = login(s, "b", "b", "b");
                    b.send("SUB inbox.b 1\r\nPUB svc.a inbox.b 3\r\nreq\r\n").ping();
                    a.waitFor(o -> o.has("MSG a.svc"), RawClient.DEFAULT_WAIT);
                    String reply = replyOf(a.output().frames().stream().filter(f -> f.startsWith("MSG a.svc")).findFirst().orElse(""));
                    a.send("PUB " + reply + " 3\r\nrep\r\n").ping();
                    b.waitFor(o -> o.has("MSG inbox.b"), RawClient.DEFAULT_WAIT);
                    c.ping();
                }).lacks("[c] MSG"),
                row("accounts: the importer publishing on an imported subject stays in its account", ACCOUNTS_CONF,
                        "c's own subscriber gets it once; a's subscriber gets nothing", s -> {
                    RawClient a = login(s, "a", "a", "a");
                    a.send("SUB a.private.x 1\r\n").ping();
                    RawClient c = login(s, "c", "c", "c");
                    c.send("SUB a.private.x 1\r\nPUB a.private.x 1\r\nz\r\n").ping();
                    a.ping();
                }).shows("[c] MSG a.private.x 1 1").lacks("[a] MSG"),
                row("accounts: a request's reply subject in the exporter's space stays in the importer's account", ACCOUNTS_CONF,
                        "a sees the request with a _R_ reply, never a.public.x; the answer reaches b's a.public.x, not a's", s -> {
                    RawClient a = login(s, "a", "a", "a");
                    a.send("SUB a.svc 1\r\nSUB a.public.x 2\r\n").ping();
                    RawClient b = login(s, "b", "b", "b");
                    b.send("SUB a.public.x 1\r\nPUB svc.a a.public.x 3\r\nreq\r\n").ping();
                    a.waitFor(o -> o.has("MSG a.svc"), RawClient.DEFAULT_WAIT);
                    String reply = replyOf(a.output().frames().stream().filter(f -> f.startsWith("MSG a.svc")).findFirst().orElse(""));
                    a.send("PUB " + reply + " 3\r\nrep\r\n").ping();
                    b.waitFor(o -> o.has("MSG a.public.x"), RawClient.DEFAULT_WAIT);
                    b.ping();
                    a.ping();
                }).shows("[a] MSG a.svc 1 _R_.", "[b] MSG a.public.x 1 3\\r\\nrep").lacks("[a] MSG a.public.x"),
                refused("accounts: importing a private stream export not granted", PRIVATE_IMPORT_CONF,
                        "nats-server refuses the configuration: Error adding stream import \"a.private.>\": stream import not authorized")
                        .shows("Error adding stream import \"a.private.>\": stream import not authorized"),
                refused("accounts: importing a private service export not granted", PRIVATE_SERVICE_IMPORT_CONF,
                        "nats-server refuses the configuration: Error adding service import \"a.svc\": service import not authorized")
                        .shows("Error adding service import \"a.svc\": service import not authorized"),
                refused("accounts: importing more than the export", WIDER_IMPORT_CONF,
                        "nats-server refuses the configuration: Error adding stream import \"a.>\": stream import not authorized")
                        .shows("Error adding stream import \"a.>\": stream import not authorized"),
                refused("accounts: importing what was never exported", UNEXPORTED_IMPORT_CONF,
                        "nats-server refuses the configuration: Error adding stream import \"a.x\": stream import not authorized")
                        .shows("Error adding stream import \"a.x\": stream import not authorized"),

                refused("a token and a users list together", TOKEN_AND_USERS_CONF,
                        "nats-server refuses the configuration: Can not have a token and a users array").shows("Can not have a token and a users array"),
                refused("no_auth_user naming no user", UNKNOWN_NO_AUTH_CONF,
                        "nats-server refuses the configuration: no_auth_user: \"nobody\" not present as user in authorization block or account configuration")
                        .shows("no_auth_user: \"nobody\" not present as user in authorization block or account configuration"),
                refused("the same user twice in authorization users", "authorization { users: [{user: \"x\", password: \"a\"}, {user: \"x\", password: \"b\"}] }",
                        "nats-server refuses the configuration: Duplicate user \"x\" detected").shows("Duplicate user \"x\" detected"),
                refused("the same user in two accounts", DUPLICATE_USER_CONF,
                        "nats-server refuses the configuration: Duplicate user \"same\" detected").shows("Duplicate user \"same\" detected"),

                // --- greetings -------------------------------------------------------------------------------------
                row("greeting INFO with a token", TOKEN_CONF, "INFO with auth_required true (no nonce)", s -> {
                    s.keepGreetings();
                    s.open("c");
                }).shows("\"auth_required\":true"),
                row("greeting INFO with users and no_auth_user", NO_AUTH_CONF, "INFO without auth_required: a client need not authenticate", s -> {
                    s.keepGreetings();
                    s.open("c");
                }).shows("INFO {").lacks("auth_required"),
                row("greeting INFO with nkeys (nonce left out of the comparison)", NKEY_CONF, "INFO with auth_required true and a nonce", s -> {
                    s.keepGreetings();
                    s.open("c");
                }).shows("\"auth_required\":true"),
                row("greeting INFO with accounts", ACCOUNTS_CONF, "INFO with auth_required true", s -> {
                    s.keepGreetings();
                    s.open("c");
                }).shows("\"auth_required\":true"),
                row("no_auth_user and nothing sent: the default auth timeout", NO_AUTH_CONF,
                        "-ERR 'Authentication Timeout' after the default 2 s, closed, though INFO said no auth_required", s -> {
                    RawClient c = s.open("c");
                    long start = System.nanoTime();
                    boolean closed = c.awaitClosed(Duration.ofSeconds(5));
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    s.note("closed within 5 s: " + closed + "; after 1.5 to 3.5 s: " + (millis >= 1500 && millis <= 3500));
                }).shows("-ERR 'Authentication Timeout'", "closed within 5 s: true; after 1.5 to 3.5 s: true"),

                // --- jnats actions ------------------------------------------------------------------------------------
                row("jnats: wrong password", USER_CONF, "connect fails with 'Authorization Violation'", s -> {
                    s.note("jnats: " + jnatsConnect(s.server(), new Options.Builder().userInfo("alice", "nope")));
                }).shows("jnats: failed: Authentication error connecting to NATS server: Authorization Violation"),
                row("jnats: right bcrypt password", USER_BCRYPT_CONF, "connects", s -> {
                    s.note("jnats: " + jnatsConnect(s.server(), new Options.Builder().userInfo("alice", PASSWORD)));
                }).shows("jnats: connected"),
                row("jnats: nkey of an unknown user", NKEY_CONF, "connect fails with 'Authorization Violation'", s -> {
                    s.note("jnats: " + jnatsConnect(s.server(), new Options.Builder().authHandler(nkeyHandler(UNKNOWN))));
                }).shows("jnats: failed: Authentication error connecting to NATS server: Authorization Violation"),
                row("jnats: nkey of the known user", NKEY_CONF, "connects", s -> {
                    s.note("jnats: " + jnatsConnect(s.server(), new Options.Builder().authHandler(nkeyHandler(KNOWN))));
                }).shows("jnats: connected"),
                row("jnats: publish denied reaches the ErrorListener", PERMS_CONF,
                        "errorOccurred(\"Permissions Violation for Publish to \\\"public.secret\\\"\"), connection stays", s -> {
                    List<String> errors = new CopyOnWriteArrayList<>();
                    Options.Builder o = new Options.Builder().userInfo("pub", "pub").errorListener(new ErrorListener() {
                        @Override
                        public void errorOccurred(Connection conn, String error) {
                            errors.add(error);
                        }
                    });
                    try (Connection nc = Nats.connect(o.server(s.server().url()).maxReconnects(0).build())) {
                        nc.publish("public.secret", new byte[] {1});
                        nc.flush(Duration.ofSeconds(2));
                        await().atMost(Duration.ofSeconds(3)).until(() -> !errors.isEmpty());
                        nc.flush(Duration.ofSeconds(2));
                        s.note("jnats errors: " + errors + ", status " + nc.getStatus());
                    }
                }).shows("jnats errors: [Permissions Violation for Publish to \"public.secret\"], status CONNECTED"));
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    /** Opens a connection and authenticates as {@code user}, waiting for the PONG that says it is in. */
    static RawClient login(Session s, String name, String user, String pass) {
        RawClient c = s.open(name);
        c.send(userPass(user, pass)).ping();
        return c;
    }

    static String nkeyConnect(String pub, String sig) {
        return connect("\"nkey\":\"" + pub + "\",\"sig\":\"" + sig + "\"");
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    static Map<?, ?> info(RawClient c) throws Exception {
        String g = c.greeting();
        if (!g.startsWith("INFO ")) {
            return Map.of();
        }
        return JSON.readValue(g.substring(5).trim(), HashMap.class);
    }

    static String nonce(RawClient c) throws Exception {
        Object n = info(c).get("nonce");
        return n == null ? "" : n.toString();
    }

    /** The signature of {@code nonce} as jnats sends it: base64url without padding. */
    static String sign(NKey key, String nonce) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.sign(nonce.getBytes(StandardCharsets.UTF_8)));
    }

    static NKey newUserKey() {
        try {
            return NKey.createUser(null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String publicKey(NKey key) {
        try {
            return new String(key.getPublicKey());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static io.nats.client.AuthHandler nkeyHandler(NKey key) {
        return new io.nats.client.AuthHandler() {
            @Override
            public byte[] sign(byte[] nonce) {
                try {
                    return key.sign(nonce);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public char[] getID() {
                return publicKey(key).toCharArray();
            }

            @Override
            public char[] getJWT() {
                return null;
            }
        };
    }

    /** "connected", or "failed: " and the message jnats gives, server address left out. */
    static String jnatsConnect(TestServer server, Options.Builder b) {
        Options o = b.server(server.url()).maxReconnects(0).connectionTimeout(Duration.ofSeconds(1)) // jnats waits this long after an auth error
                .errorListener(new ErrorListener() {
                }).build();
        try (Connection nc = Nats.connect(o)) {
            nc.flush(Duration.ofSeconds(2));
            return "connected";
        } catch (Exception e) {
            return "failed: " + String.valueOf(e.getMessage()).replace(server.url(), "<url>");
        }
    }

    /** The reply subject of a MSG frame "MSG subject sid reply size", or "" if it has none. */
    static String replyOf(String msgFrame) {
        String[] parts = msgFrame.trim().split(" ");
        return parts.length == 5 ? parts[3] : "";
    }

    /** What differs between two runs by design: random reply subjects of service imports. */
    static String normalise(String transcript) {
        return transcript.replaceAll("_R_\\.[A-Za-z0-9]+(\\.[A-Za-z0-9]+)*", "_R_.«random»");
    }

    // --- the runner -----------------------------------------------------------------------------------------------

    private static final ServerKind CANDIDATE = ServerKind.valueOf(System.getProperty("natsj.it.candidate", "NATSJ"));

    private final Map<String, ConfiguredServer> servers = new HashMap<>();

    @AfterAll
    void stopServers() {
        servers.values().forEach(ConfiguredServer::close);
        servers.clear();
    }

    /** Servers are shared by the rows with the same configuration; a refusal is not cached. */
    private ConfiguredServer server(ServerKind kind, String config) {
        String key = kind + "\n" + config;
        ConfiguredServer s = servers.get(key);
        if (s == null) {
            s = ConfiguredServer.start(kind, config);
            servers.put(key, s);
        }
        return s;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void natsjAnswersLikeNatsServer(NoWayCase c) throws Exception {
        if (c.refusal()) {
            checkRefusal(c);
            return;
        }
        String go = play(ServerKind.GO, c);
        String header = "[" + c.name() + "] nats-server answers: " + c.goAnswers();
        if (Boolean.getBoolean("natsj.it.printReference")) {
            System.out.println("=== " + c.name() + " (" + c.goAnswers() + ")\n" + go);
        }
        for (String want : c.goShows()) {
            if (!go.contains(want)) {
                fail(header + "\nbroken row: nats-server's transcript lacks " + want + "\n--- nats-server\n" + go);
            }
        }
        for (String unwanted : c.goLacks()) {
            if (go.contains(unwanted)) {
                fail(header + "\nbroken row: nats-server's transcript has " + unwanted + "\n--- nats-server\n" + go);
            }
        }
        String natsj;
        try {
            natsj = play(CANDIDATE, c);
        } catch (ConfiguredServer.Refused e) {
            throw new AssertionError(header + "\nnatsj refused the configuration: " + e.getMessage() + "\n--- nats-server answered\n" + go);
        } catch (RuntimeException e) {
            throw new AssertionError(header + "\nnatsj could not play the row (" + e + ")\n--- nats-server answered\n" + go, e);
        }
        assertEquals(go, natsj, () -> header + "\n(expected = nats-server, actual = natsj)\n--- config\n" + c.config());
    }

    private void checkRefusal(NoWayCase c) {
        String header = "[" + c.name() + "] nats-server answers: " + c.goAnswers();
        String go = refusal(ServerKind.GO, c.config());
        if (Boolean.getBoolean("natsj.it.printReference")) {
            System.out.println("=== " + c.name() + " (" + c.goAnswers() + ")\n" + go);
        }
        if (go == null) {
            fail(header + "\nbroken row: nats-server started with\n" + c.config());
        }
        for (String want : c.goShows()) {
            if (!go.contains(want)) {
                fail(header + "\nbroken row: nats-server's refusal lacks " + want + ":\n" + go);
            }
        }
        String natsj = refusal(CANDIDATE, c.config());
        if (natsj == null) {
            fail(header + "\nnatsj started with this configuration; nats-server refused it:\n" + go);
        }
        for (String want : c.goShows()) {
            if (!natsj.contains(want)) {
                fail(header + "\nnatsj refused, but its error lacks " + want + ":\n" + natsj + "\n--- nats-server:\n" + go);
            }
        }
    }

    /** The server's error if it refuses {@code config}, null if it starts. */
    private static String refusal(ServerKind kind, String config) {
        try {
            ConfiguredServer s = ConfiguredServer.start(kind, config);
            s.close();
            return null;
        } catch (ConfiguredServer.Refused e) {
            return e.getMessage();
        }
    }

    private String play(ServerKind kind, NoWayCase c) throws Exception {
        TestServer server = server(kind, c.config());
        try (Session s = new Session(server)) {
            c.script().play(s);
            return normalise(s.transcript().toString());
        }
    }
}
