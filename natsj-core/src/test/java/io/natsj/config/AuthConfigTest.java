package io.natsj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.NatsServerOptions;
import io.natsj.auth.Account;
import io.natsj.auth.AuthOptions;
import io.natsj.auth.Export;
import io.natsj.auth.Import;
import io.natsj.auth.Permissions;
import io.natsj.auth.ResponsePermission;
import io.natsj.auth.SubjectPermission;
import io.natsj.auth.User;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * authorization, accounts, no_auth_user and the system account options read into {@link AuthOptions};
 * every error text as {@code nats-server -t -c t.conf} (2.9.10) prints it for the same file.
 */
class AuthConfigTest {
    private static final Path FILE = Path.of("t.conf");
    private static final String NKEY = "UDXU4RCSJNZOIQHZNWXHXORDPRTGNJAHAHFRGZNEEJCPQTT2M7NLCNF4";
    private static final String ACCOUNT_NKEY = "ABJHLOVMPA4CI6R5KLNGOB4GSLNIY7IOUPAJC4YFNDLQVIOBYQGUWVLA";

    private static AuthOptions auth(String text) throws ConfigException {
        NatsServerOptions.Builder b = NatsServerOptions.builder();
        ConfigOptions.apply(ConfigParser.parse(text, FILE), b);
        return b.build().auth();
    }

    private static String problem(String text) {
        return assertThrows(ConfigException.class, () -> auth(text)).getMessage();
    }

    /** Read without complaint, refused when the server is built (nats-server: at start, not with -t). */
    private static String startUpProblem(String text) throws ConfigException {
        NatsServerOptions.Builder b = NatsServerOptions.builder();
        ConfigOptions.apply(ConfigParser.parse(text, FILE), b);
        return assertThrows(IllegalArgumentException.class, b::build).getMessage();
    }

    private static User user(AuthOptions a, String name) {
        return a.users().stream().filter(u -> name.equals(u.username()) || name.equals(u.nkey())).findFirst()
                .orElseThrow();
    }

    @Test
    void singleUserPasswordAndTimeout() throws Exception {
        AuthOptions a = auth("authorization { user: admin, password: \"s3cr3t\", timeout: 2 }");
        assertEquals("admin", a.username());
        assertEquals("s3cr3t", a.password());
        assertEquals(Duration.ofSeconds(2), a.authTimeout());
        assertTrue(a.authRequired());
        a = auth("authorization { username: u, pass: \"$2a$11$abcdefghijklmnopqrstuu\", timeout: 0.5 }");
        assertEquals("u", a.username());
        assertEquals("$2a$11$abcdefghijklmnopqrstuu", a.password(), "bcrypt hashes are kept as written");
        assertEquals(Duration.ofMillis(500), a.authTimeout());
    }

    @Test
    void tokenAndTimeoutQuirks() throws Exception {
        AuthOptions a = auth("authorization { token: \"a-long-token\" }");
        assertEquals("a-long-token", a.token());
        assertNull(a.authTimeout(), "no timeout: nats-server's default");
        // nats-server 2.9 takes anything but a number as one second.
        assertEquals(Duration.ofSeconds(1), auth("authorization { token: t, timeout: \"5s\" }").authTimeout());
        assertNull(auth("authorization { token: t, timeout: 0 }").authTimeout());
    }

    @Test
    void usersWithEveryFormOfPermissions() throws Exception {
        AuthOptions a = auth(String.join("\n",
                "authorization {",
                "  default_permissions: { publish: \"public.>\", subscribe: [\"public.>\", \"_INBOX.>\"] }",
                "  users: [",
                "    {user: admin, password: a, permissions: {publish: \">\", subscribe: \">\"}}",
                "    {user: client, password: c, permissions: {",
                "        publish: {allow: [\"req.>\"], deny: [\"req.secret\"]}, subscribe: {deny: \"secret.>\"}}}",
                "    {user: service, password: s, permissions: {subscribe: \"req.>\", allow_responses: true}}",
                "    {user: limited, password: l, permissions: {allow_responses: {max: 5, expires: \"1m\"}}}",
                "    {user: web, password: w, allowed_connection_types: [\"websocket\", \"STANDARD\"]}",
                "    {username: alias, pass: x, permission: {pub: \"x\", sub: \"y q\"}}",
                "    {nkey: " + NKEY + "}",
                "    {user: empty, password: e, permissions: {publish: [], subscribe: {}}}",
                "  ]",
                "}"));
        assertEquals(8, a.users().size());
        assertEquals(new Permissions(SubjectPermission.allow(">"), SubjectPermission.allow(">"), null),
                user(a, "admin").permissions());
        assertEquals(new Permissions(new SubjectPermission(List.of("req.>"), List.of("req.secret")),
                SubjectPermission.deny("secret.>"), null), user(a, "client").permissions());
        // allow_responses turns the blanket publish allow off, as in Go.
        assertEquals(new Permissions(new SubjectPermission(List.of(), null), SubjectPermission.allow("req.>"),
                ResponsePermission.defaults()), user(a, "service").permissions());
        assertEquals(new ResponsePermission(5, Duration.ofMinutes(1)), user(a, "limited").permissions().response());
        Permissions defaults = new Permissions(SubjectPermission.allow("public.>"),
                SubjectPermission.allow("public.>", "_INBOX.>"), null);
        assertEquals(defaults, user(a, "web").permissions(), "the block's defaults reach users without their own");
        assertEquals(Set.of("WEBSOCKET", "STANDARD"), user(a, "web").allowedConnectionTypes());
        assertEquals(new Permissions(SubjectPermission.allow("x"), SubjectPermission.allow("y q"), null),
                user(a, "alias").permissions());
        assertEquals("x", user(a, "alias").password());
        User nkey = user(a, NKEY);
        assertTrue(nkey.isNkey());
        assertNull(nkey.username());
        assertEquals(defaults, nkey.permissions());
        // Go's nil slice and empty map: no restriction.
        assertEquals(new Permissions(new SubjectPermission(null, null), null, null), user(a, "empty").permissions());
        assertNull(a.defaultPermissions(), "applied to the block's users, as Go does, never to accounts' users");
        for (User u : a.users()) {
            assertNull(u.account());
        }
    }

    @Test
    void accountsWithUsersExportsAndImports() throws Exception {
        AuthOptions a = auth(String.join("\n",
                "accounts {",
                "  A: {",
                "    users: [{user: a, password: a}, {nkey: " + NKEY + "}]",
                "    default_permissions: {subscribe: \"a.>\"}",
                "    exports: [",
                "      {stream: \"a.events.>\"}",
                "      {stream: \"a.private.>\", accounts: [B]}",
                "      {service: \"a.help\"}",
                "      {service: \"a.stream\", response: STREAM}",
                "      {service: \"a.chunked\", response_type: chunk, response_threshold: \"5s\", accounts: []}",
                "    ]",
                "    jetstream: disabled",
                "  }",
                "  B: {",
                "    users: [{user: b, password: b, permissions: {publish: \">\"}}]",
                "    imports: [",
                "      {stream: {account: A, subject: \"a.events.>\"}}",
                "      {stream: {account: A, subject: \"a.private.x\"}, prefix: \"from.a\"}",
                "      {stream: {account: A, subject: \"a.events.y\"}, to: \"y\"}",
                "      {service: {account: A, subject: \"a.help\"}}",
                "      {service: {account: A, subject: \"a.stream\"}, to: \"help\", share: true}",
                "    ]",
                "  }",
                "}",
                "no_auth_user: a",
                "system_account: B",
                "no_system_account: true"));
        assertEquals(List.of("A", "B"), List.copyOf(a.accounts().keySet()));
        Account acc = a.accounts().get("A");
        assertEquals(List.of(
                new Export("a.events.>", false, null, null, null),
                new Export("a.private.>", false, List.of("B"), null, null),
                new Export("a.help", true, null, Export.SINGLETON, null),
                new Export("a.stream", true, null, Export.STREAM, null),
                new Export("a.chunked", true, null, Export.CHUNKED, Duration.ofSeconds(5))), acc.exports());
        assertEquals(List.of(
                Import.stream("A", "a.events.>", null),
                Import.stream("A", "a.private.x", "from.a"),
                new Import(false, "A", "a.events.y", "y", null),
                Import.service("A", "a.help", null),
                Import.service("A", "a.stream", "help")), a.accounts().get("B").imports());
        assertEquals("A", user(a, "a").account());
        assertEquals("A", user(a, NKEY).account());
        assertEquals("B", user(a, "b").account());
        Permissions accountDefaults = new Permissions(null, SubjectPermission.allow("a.>"), null);
        assertEquals(accountDefaults, user(a, "a").permissions());
        assertEquals(accountDefaults, user(a, NKEY).permissions());
        assertEquals(new Permissions(SubjectPermission.allow(">"), null, null), user(a, "b").permissions());
        assertEquals("a", a.noAuthUser());
        assertEquals("B", a.systemAccount());
        assertTrue(a.noSystemAccount());
    }

    @Test
    void accountsAsAListOfNames() throws Exception {
        AuthOptions a = auth("accounts: [A, B]");
        assertEquals(Map.of("A", Account.named("A"), "B", Account.named("B")), a.accounts());
        assertFalse(a.authRequired());
        // nats-server ignores any other kind of value here.
        assertTrue(auth("accounts: foo").accounts().isEmpty());
    }

    @Test
    void authorizationUsersAndAccountsUsersTogether() throws Exception {
        AuthOptions a = auth("accounts { A: { users: [{user: x, password: y}] } }\n"
                + "authorization { users: [{user: g, password: h}], timeout: 3 }");
        assertEquals("A", user(a, "x").account());
        assertNull(user(a, "g").account());
        assertEquals(Duration.ofSeconds(3), a.authTimeout());
    }

    @Test
    void systemAccountKeys() throws Exception {
        assertEquals("A", auth("accounts: [A]\nsystem: A").systemAccount());
        assertEquals("A", auth("accounts: [A, B]\nsystem: B\nsystem_account: A").systemAccount(),
                "system_account wins over system");
        // Go looks the system account up by its exact lower-case keys only.
        assertNull(auth("SYSTEM_ACCOUNT: A").systemAccount());
        assertEquals("$G", auth("system_account: \"$G\"").systemAccount());
        assertTrue(auth("no_sys_acc: true").noSystemAccount());
        assertTrue(auth("no_system: true").noSystemAccount());
    }

    @Test
    void variablesInsideTheBlocksAreNotUnknownFields() throws Exception {
        AuthOptions a = auth("authorization {\n  P: {publish: \">\"}\n  users: [{user: a, password: b, permissions: $P}]\n}");
        assertEquals(SubjectPermission.allow(">"), user(a, "a").permissions().publish());
    }

    static Stream<Arguments> goErrors() {
        return Stream.of(
                Arguments.of("accduplist", "accounts [ A, A ]", "t.conf:1:14: Duplicate Account Entry: A"),
                Arguments.of("accint", "accounts [ 1 ]", "t.conf:1:11: interface conversion: interface {} is int64, not string"),
                Arguments.of("accnkey", "accounts { A: { nkey: foo } }", "t.conf:1:16: Not a valid public nkey for an account: \"foo\""),
                Arguments.of("accnotmap", "accounts { A: 1 }", "t.conf:1:11: Expected map entries for accounts"),
                Arguments.of("accres", "accounts { $G: {} }", "t.conf:1:11: \"$G\" is a Reserved Account"),
                Arguments.of("accunk", "accounts { A: { foo: 1 } }", "t.conf:1:16: unknown field \"foo\""),
                Arguments.of("authnotmap", "authorization: foo", "t.conf:1:0: interface conversion: interface {} is string, not map[string]interface {}\nt.conf:1:0: runtime error: invalid memory address or nil pointer dereference"),
                Arguments.of("authunk", "authorization { foo: 1 }", "t.conf:1:16: unknown field \"foo\""),
                Arguments.of("badnkey", "authorization { users: [{nkey: UABC}] }", "t.conf:1:25: Not a valid public nkey for a user"),
                Arguments.of("ctbad", "authorization { users: [{user: a, allowed_connection_types: [foo, bar]}] }", "t.conf:1:34: invalid connection types [\"FOO\" \"BAR\"]"),
                Arguments.of("ctint", "authorization { users: [{user: a, allowed_connection_types: 1}] }", "t.conf:1:34: error parsing allowed connection types: unsupported type int64"),
                Arguments.of("dupacc", "accounts { A: { users: [{user: a, password: b}] }, B: { users: [{user: a, password: c}] } }", "t.conf:1:56: Duplicate user \"a\" detected"),
                Arguments.of("dupaccauth2", "accounts { A: { users: [{user: a, password: c}] } }\nauthorization { users: [{user: a, password: b}] }", "t.conf:2:1: Duplicate user \"a\" detected"),
                Arguments.of("dupuser", "authorization { users: [{user: a, password: b}, {user: a, password: c}] }", "t.conf:1:0: Duplicate user \"a\" detected"),
                Arguments.of("nkeypass", "authorization { users: [{nkey: UDXU4RCSJNZOIQHZNWXHXORDPRTGNJAHAHFRGZNEEJCPQTT2M7NLCNF4, password: x}] }", "t.conf:1:89: Nkey users do not take usernames or passwords"),
                Arguments.of("nouser", "authorization { users: [{password: x}] }", "t.conf:1:25: User entry requires a user"),
                Arguments.of("passtok", "authorization { pass: x, token: t }", "t.conf:1:0: Cannot have a user/pass and token"),
                Arguments.of("permallowunk", "authorization { users: [{user: a, permissions: {publish: {allow: a, other: b}}}] }", "t.conf:1:68: Unknown field name \"other\" parsing subject permissions, only 'allow' or 'deny' are permitted"),
                Arguments.of("permbadsubj", "authorization { users: [{user: a, permissions: {publish: \"foo..bar\"}}] }", "subject \"foo..bar\" is not a valid subject"),
                Arguments.of("permint", "authorization { users: [{user: a, permissions: {publish: 1}}] }", "Expected subject permissions to be a subject, or array of subjects, got int64"),
                Arguments.of("permnotmap", "authorization { users: [{user: a, permissions: foo}] }", "t.conf:1:34: Expected permissions to be a map/struct, got foo"),
                Arguments.of("permqueuebad", "authorization { users: [{user: a, permissions: {subscribe: \"foo..x q\"}}] }", "subject \"foo..x\" is not a valid subject"),
                Arguments.of("permunknown", "authorization { users: [{user: a, permissions: {foo: bar}}] }", "t.conf:1:48: Unknown field \"foo\" parsing permissions"),
                Arguments.of("resmaxstr", "authorization { users: [{user: a, permissions: {allow_responses: {max: \"x\"}}}] }", "t.conf:1:66: interface conversion: interface {} is string, not int64"),
                Arguments.of("respbad", "authorization { users: [{user: a, permissions: {allow_responses: 5}}] }", "t.conf:1:48: error parsing response permissions, expected a boolean or a map"),
                Arguments.of("respexp", "authorization { users: [{user: a, permissions: {allow_responses: {expires: \"x\"}}}] }", "t.conf:1:66: error parsing expires: time: invalid duration \"x\""),
                Arguments.of("respexp2", "authorization { users: [{user: a, permissions: {allow_responses: {expires: 5}}}] }", "t.conf:1:66: error parsing expires, not a duration string"),
                Arguments.of("respunk", "authorization { users: [{user: a, permissions: {allow_responses: {foo: 5}}}] }", "t.conf:1:66: Unknown field \"foo\" parsing permissions"),
                Arguments.of("singleacc", "authorization { user: x, password: y }\naccounts { A: { users: [{user: a, password: c}] } }", "t.conf:2:17: Can not have a single user/pass and accounts"),
                Arguments.of("tokacc", "authorization { token: t }\naccounts { A: { users: [{user: a, password: c}] } }", "t.conf:2:17: Can not have a token and accounts"),
                Arguments.of("tokusers", "authorization { token: t, users: [{user: a, password: b}] }", "t.conf:1:0: Can not have a token and a users array"),
                Arguments.of("userentrynotmap", "authorization { users: [foo] }", "t.conf:1:24: Expected user entry to be a map/struct, got foo"),
                Arguments.of("userint", "authorization { user: 1 }", "t.conf:1:16: interface conversion: interface {} is int64, not string\nt.conf:1:0: runtime error: invalid memory address or nil pointer dereference"),
                Arguments.of("usersnotarray", "authorization { users: foo }", "t.conf:1:16: Expected users field to be an array, got foo"),
                Arguments.of("usertok", "authorization { user: x, token: t }", "t.conf:1:0: Cannot have a user/pass and token"),
                Arguments.of("userunk", "authorization { users: [{user: a, foo: 1}] }", "t.conf:1:34: unknown field \"foo\""),
                Arguments.of("userusers", "authorization { user: x, password: y, users: [{user: a, password: b}] }", "t.conf:1:0: Can not have a single user/pass and a users array"),
                Arguments.of("expaccstr", "accounts { A: { exports: [{stream: a, accounts: B}] } }", "t.conf:1:38: interface conversion: interface {} is string, not []interface {}"),
                Arguments.of("expaccunk", "accounts { A: { exports: [{stream: a, accounts: [B]}] } }", "t.conf:1:0: \"B\" account not defined for stream export"),
                Arguments.of("expboth", "accounts { A: { exports: [{stream: a, service: b}] } }", "t.conf:1:38: Detected service \"b\" but already saw a stream"),
                Arguments.of("expboth2", "accounts { A: { exports: [{service: b, stream: a}] } }", "t.conf:1:39: Detected stream \"a\" but already saw a service"),
                Arguments.of("expnotarr", "accounts { A: { exports: foo } }", "t.conf:1:16: Exports should be an array, got string"),
                Arguments.of("expnotmap", "accounts { A: { exports: [foo] } }", "t.conf:1:26: Export Items should be a map with type entry, got string"),
                Arguments.of("exprt", "accounts { A: { exports: [{service: a, response: foo}] } }", "t.conf:1:39: Unknown response type: \"foo\""),
                Arguments.of("exprtdup", "accounts { A: { exports: [{service: a, response: stream, response_type: chunked}] } }", "t.conf:1:57: Duplicate response type definition"),
                Arguments.of("exprtint", "accounts { A: { exports: [{service: a, response: 1}] } }", "t.conf:1:39: Expected response type to be string, got int64"),
                Arguments.of("exprtstream", "accounts { A: { exports: [{stream: a, response: stream}] } }", "t.conf:1:38: Detected response directive on non-service"),
                Arguments.of("exprtstream2", "accounts { A: { exports: [{response: stream, stream: a}] } }", "t.conf:1:27: Detected response directive on non-service"),
                Arguments.of("expstrint", "accounts { A: { exports: [{stream: 1}] } }", "t.conf:1:27: Expected stream name to be string, got int64"),
                Arguments.of("expsvcaccunk", "accounts { A: { exports: [{service: a, accounts: [B]}] } }", "t.conf:1:0: \"B\" account not defined for service export"),
                Arguments.of("expsvcint", "accounts { A: { exports: [{service: 1}] } }", "t.conf:1:27: Expected service name to be string, got int64"),
                Arguments.of("expthr", "accounts { A: { exports: [{service: a, threshold: \"x\"}] } }", "t.conf:1:39: Expected response threshold to be a parseable time duration, got \"x\""),
                Arguments.of("expthrdup", "accounts { A: { exports: [{service: a, threshold: \"1s\", response_threshold: \"2s\"}] } }", "t.conf:1:56: Duplicate response threshold detected"),
                Arguments.of("expthrint", "accounts { A: { exports: [{service: a, threshold: 5}] } }", "t.conf:1:39: Expected response threshold to be a parseable time duration, got int64"),
                Arguments.of("expunk", "accounts { A: { exports: [{stream: a, foo: 1}] } }", "t.conf:1:38: unknown field \"foo\""),
                Arguments.of("impaccmapunk", "accounts { A: { imports: [{stream: {account: A, subject: a, foo: 1}}] } }", "t.conf:1:60: unknown field \"foo\""),
                Arguments.of("impaccunk", "accounts { A: { imports: [{stream: {account: B, subject: a}}] } }", "t.conf:1:0: \"B\" account not defined for stream import"),
                Arguments.of("impbadsubj", "accounts { A: { exports: [{service: \">\"}] }, B: { imports: [{service: {account: A, subject: \"a..b\"}}] } }", "t.conf:1:0: Error adding service import \"a..b\": sublist: invalid subject"),
                Arguments.of("impboth", "accounts { A: { imports: [{stream: {account: A, subject: a}, service: {account: A, subject: b}}] } }", "t.conf:1:61: Detected service but already saw a stream"),
                Arguments.of("impboth2", "accounts { A: { imports: [{service: {account: A, subject: b}, stream: {account: A, subject: a}}] } }", "t.conf:1:62: Detected stream but already saw a service"),
                Arguments.of("impcycle", "accounts { A: { exports: [{service: a}], imports: [{service: {account: B, subject: a}}] }, B: { exports: [{service: a}], imports: [{service: {account: A, subject: a}}] } }", "t.conf:1:0: Error adding service import \"a\": import forms a cycle"),
                Arguments.of("impdupstream", "accounts { A: { exports: [{stream: a}] }, B: { imports: [{stream: {account: A, subject: a}}, {stream: {account: A, subject: a}}] } }", "t.conf:1:0: Error adding stream import \"a\": stream import already exists"),
                Arguments.of("impdupsvc", "accounts { A: { exports: [{service: a}, {service: b}] }, B: { imports: [{service: {account: A, subject: a}, to: x}, {service: {account: A, subject: b}, to: x}] } }", "t.conf:1:158: Duplicate service import subject \"x\", previously used in import for account \"A\", subject \"a\""),
                Arguments.of("impnoacc", "accounts { A: { imports: [{stream: {subject: a}}] } }", "t.conf:1:27: Expect an account name and a subject"),
                Arguments.of("impnotarr", "accounts { A: { imports: foo } }", "t.conf:1:16: Imports should be an array, got string"),
                Arguments.of("impnotauth", "accounts { A: { }, B: { imports: [{stream: {account: A, subject: a}}] } }", "t.conf:1:0: Error adding stream import \"a\": stream import not authorized"),
                Arguments.of("impnotauth2", "accounts { A: { exports: [{stream: a, accounts: [C]}] }, B: { imports: [{stream: {account: A, subject: a}}] }, C: {} }", "t.conf:1:0: Error adding stream import \"a\": stream import not authorized"),
                Arguments.of("impnotmap", "accounts { A: { imports: [foo] } }", "t.conf:1:26: Import Items should be a map with type entry, got string"),
                Arguments.of("impprefixwc", "accounts { A: { exports: [{stream: \"a.>\"}] }, B: { imports: [{stream: {account: A, subject: \"a.b\"}, prefix: \"p.*\"}] } }", "t.conf:1:0: Error adding stream import \"a.b\": stream import prefix can not contain wildcard tokens"),
                Arguments.of("impstrcycle", "accounts { A: { exports: [{stream: a}], imports: [{stream: {account: B, subject: a}}] }, B: { exports: [{stream: a}], imports: [{stream: {account: A, subject: a}}] } }", "t.conf:1:0: Error adding stream import \"a\": import forms a cycle"),
                Arguments.of("impstrnotmap", "accounts { A: { imports: [{stream: a}] } }", "t.conf:1:27: Stream entry should be an account map, got string"),
                Arguments.of("impsvcaccunk", "accounts { A: { imports: [{service: {account: B, subject: a}}] } }", "t.conf:1:0: \"B\" account not defined for service import"),
                Arguments.of("impsvcnotauth", "accounts { A: { }, B: { imports: [{service: {account: A, subject: a}}] } }", "t.conf:1:0: Error adding service import \"a\": service import not authorized"),
                Arguments.of("impsvcnotmap", "accounts { A: { imports: [{service: a}] } }", "t.conf:1:27: Service entry should be an account map, got string"),
                Arguments.of("impunk", "accounts { A: { imports: [{stream: {account: A, subject: a}, foo: 1}] } }", "t.conf:1:61: unknown field \"foo\""),
                Arguments.of("impprefixto", "accounts { A: { exports: [{stream: \"a.>\"}] }, B: { imports: [{stream: {account: A, subject: \"a.b\"}, prefix: p, to: q}] } }", "t.conf:1:111: Stream import can not have a 'prefix' and a 'to' property"),
                Arguments.of("nau_int", "no_auth_user: 1", "t.conf:1:0: interface conversion: interface {} is int64, not string"),
                Arguments.of("sys_int", "system_account: 1", "t.conf:1:0: system account name must be a string"),
                Arguments.of("nosys_str", "no_sys_acc: \"x\"", "t.conf:1:0: interface conversion: interface {} is string, not bool"),
                Arguments.of("ctarr", "authorization { users: [{user: a, allowed_connection_types: [1, \"x\"]}] }", "t.conf:1:61: error parsing allowed connection types: unsupported type in array int64\nt.conf:1:34: invalid connection types [\"X\"]"),
                Arguments.of("permarr", "authorization { users: [{user: a, permissions: {publish: [1, \"x\"]}}] }", "t.conf:1:58: Subject in permissions array cannot be cast to string"),
                Arguments.of("allowbad", "authorization { users: [{user: a, permissions: {subscribe: {allow: \"a..b\"}}}] }", "t.conf:1:60: subject \"a..b\" is not a valid subject"),
                Arguments.of("transformfwc", "accounts { A: { exports: [{stream: \"s.>\"}]}, B: {exports: [{stream: \"t.>\"}], imports: [{stream: {account: A, subject: \"s.>\"}, to: \"t.x\"}] } }", "t.conf:1:0: Error adding stream import \"s.>\": failed to create mapping transform for stream import subject \"s.>\" to \"t.x\": invalid subject"),
                Arguments.of("transformwildcards", "accounts { A: { exports: [{stream: \"s.*.*\"}]}, B: {imports: [{stream: {account: A, subject: \"s.*.*\"}, to: \"t.*\"}] } }", "t.conf:1:0: Error adding stream import \"s.*.*\": failed to create mapping transform for stream import subject \"s.*.*\" to \"t.*\": invalid mapping destination: not using all of the token wildcard(s) in t.$1"),
                Arguments.of("transformindex", "accounts { A: { exports: [{stream: \"s.*\"}]}, B: {imports: [{stream: {account: A, subject: \"s.*\"}, to: \"t.$2\"}] } }", "t.conf:1:0: Error adding stream import \"s.*\": failed to create mapping transform for stream import subject \"s.*\" to \"t.$2\": invalid mapping destination: wildcard index out of range in $2: [2]"),
                Arguments.of("transformservice", "accounts { A: { exports: [{service: \"s.*\"}]}, B: {imports: [{service: {account: A, subject: \"s.*\"}, to: \"t.x\"}] } }", "t.conf:1:0: Error adding service import \"s.*\": failed to create mapping transform for service import subject \"t.x\" to \"s.*\": invalid mapping destination: not using all of the token wildcard(s) in t.x"));
    }

    /**
     * Where Go's answer depends on its random map order (e.g. which of two response types is the
     * duplicate), the expected text is Go's answer for the keys in file order, which natsj follows.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("goErrors")
    void sameErrorAsNatsServer(String name, String config, String expected) {
        assertEquals(expected, problem(config));
    }

    @ParameterizedTest
    @MethodSource("unsupported")
    void accountFeaturesNatsjDoesNotHaveAreRefusedByName(String config, String expected) {
        assertEquals(expected, problem(config));
    }

    static Stream<Arguments> unsupported() {
        return Stream.of(
                Arguments.of("accounts { A: { mappings: {a: b} } }",
                        "t.conf:1:16: option \"mappings\" is not supported by natsj yet (subject mappings)"),
                Arguments.of("accounts { A: { limits: {max_connections: 1} } }",
                        "t.conf:1:16: option \"limits\" is not supported by natsj yet (account limits)"),
                Arguments.of("accounts { A: { nkey: " + ACCOUNT_NKEY + " } }",
                        "t.conf:1:16: option \"nkey\" is not supported by natsj yet (account nkeys)"),
                Arguments.of("accounts { A: { exports: [{service: a, latency: \"lat\"}] } }",
                        "t.conf:1:39: option \"latency\" is not supported by natsj yet (service latency tracking)"),
                Arguments.of("accounts { A: { exports: [{stream: \"a.*\", account_token_position: 2}] } }",
                        "t.conf:1:42: option \"account_token_position\" is not supported by natsj yet (account token positions)"),
                Arguments.of("operator: x",
                        "t.conf:1:0: option \"operator\" is not supported by natsj yet (operator mode and JWT authentication)"));
    }

    @ParameterizedTest
    @MethodSource("startUp")
    void startUpChecksAsNatsServer(String config, String expected) throws Exception {
        assertEquals(expected, startUpProblem(config));
    }

    static Stream<Arguments> startUp() {
        return Stream.of(
                Arguments.of("no_auth_user: bob", "no_auth_user: \"bob\" present, but users are not defined"),
                Arguments.of("no_auth_user: bob\nauthorization { user: bob, password: x }",
                        "no_auth_user: \"bob\" present, but users are not defined"),
                Arguments.of("authorization { users: [] }\nno_auth_user: x",
                        "no_auth_user: \"x\" present, but users are not defined"),
                Arguments.of("no_auth_user: bob\nauthorization { users: [{nkey: " + NKEY + "}] }",
                        "no_auth_user: \"bob\" present, but users are not defined"),
                Arguments.of("no_auth_user: bob\nauthorization { users: [ {user: alice, password: x} ] }",
                        "no_auth_user: \"bob\" not present as user in authorization block or account configuration"),
                Arguments.of("system_account: FOO", "error resolving system account: account missing"),
                Arguments.of("system_account: \"$SYS\"", "error resolving system account: account missing"),
                Arguments.of("system_account: A\nno_system_account: true",
                        "error resolving system account: account missing"));
    }

    @Test
    void startUpChecksPassForAGoodFile() throws Exception {
        AuthOptions a = auth("no_auth_user: a\naccounts: {A: {users: [{user: a, password: a}]}}\nsystem_account: A");
        assertEquals("a", a.noAuthUser());
    }
}
