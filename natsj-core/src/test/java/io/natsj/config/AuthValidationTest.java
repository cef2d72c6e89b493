package io.natsj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.natsj.NatsServerOptions;
import io.natsj.auth.Account;
import io.natsj.auth.AuthOptions;
import io.natsj.auth.Export;
import io.natsj.auth.Import;
import io.natsj.auth.User;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Options built in Java get nats-server's checks too, with its texts (without file positions). */
class AuthValidationTest {
    private static final String NKEY = "UDXU4RCSJNZOIQHZNWXHXORDPRTGNJAHAHFRGZNEEJCPQTT2M7NLCNF4";

    private static String refused(AuthOptions a) {
        return assertThrows(IllegalArgumentException.class, () -> NatsServerOptions.builder().auth(a).build())
                .getMessage();
    }

    private static AuthOptions users(User... users) {
        return AuthOptions.NONE.withUsers(List.of(users));
    }

    private static Map<String, Account> accounts(Account... accounts) {
        Map<String, Account> m = new LinkedHashMap<>();
        for (Account a : accounts) {
            m.put(a.name(), a);
        }
        return m;
    }

    @Test
    void goodOptionsPass() {
        AuthOptions a = users(User.of("a", "b").withAccount("A"), User.nkey(NKEY))
                .withAccounts(accounts(new Account("A", List.of(Export.service("s.>")), List.of()),
                        new Account("B", List.of(), List.of(Import.service("A", "s.x", "x")))))
                .withNoAuthUser("a").withSystemAccount("B", false);
        assertEquals(a, NatsServerOptions.builder().auth(a).build().auth());
        NatsServerOptions.builder().user("u", "p").token("t").build();
    }

    @Test
    void usersAsTheParserChecksThem() {
        assertEquals("Not a valid public nkey for a user", refused(users(User.nkey("UABC"))));
        assertEquals("Nkey users do not take usernames or passwords",
                refused(users(new User(null, "p", NKEY, null, null, null))));
        assertEquals("User entry requires a user", refused(users(User.of("", "p"))));
        assertEquals("Duplicate user \"a\" detected", refused(users(User.of("a", "b"), User.of("a", "c"))));
        assertEquals("Duplicate nkey \"" + NKEY + "\" detected", refused(users(User.nkey(NKEY), User.nkey(NKEY))));
        assertEquals("\"X\" account not defined for user User[a]", refused(users(User.of("a", "b").withAccount("X"))));
        assertEquals("unknown connection type \"CARRIER_PIGEON\"",
                refused(users(new User("a", "b", null, null, null, Set.of("websocket", "CARRIER_PIGEON")))));
    }

    @Test
    void accountsAsTheParserChecksThem() {
        assertEquals("\"$G\" is a Reserved Account", refused(AuthOptions.NONE.withAccounts(accounts(Account.named("$G")))));
        assertEquals("\"B\" account not defined for stream export", refused(AuthOptions.NONE.withAccounts(accounts(
                new Account("A", List.of(new Export("a", false, List.of("B"), null, null)), List.of())))));
        assertEquals("\"A\" account not defined for stream import", refused(AuthOptions.NONE.withAccounts(accounts(
                new Account("B", List.of(), List.of(Import.stream("A", "a", null)))))));
        assertEquals("Error adding stream import \"a\": stream import not authorized",
                refused(AuthOptions.NONE.withAccounts(accounts(
                        new Account("A", List.of(new Export("a", false, List.of("C"), null, null)), List.of()),
                        new Account("B", List.of(), List.of(Import.stream("A", "a", null))), Account.named("C")))));
        assertEquals("Error adding service import \"b\": service import not authorized",
                refused(AuthOptions.NONE.withAccounts(accounts(
                        new Account("A", List.of(Export.service("a.*")), List.of()),
                        new Account("B", List.of(), List.of(Import.service("A", "b", null)))))));
        assertEquals("Error adding service import \"a\": duplicate service import subject \"x\", previously used in "
                + "import for account \"A\", subject \"a\"", refused(AuthOptions.NONE.withAccounts(accounts(
                        new Account("A", List.of(Export.service(">")), List.of()),
                        new Account("B", List.of(), List.of(Import.service("A", "a", "x"),
                                Import.service("A", "a", "x")))))));
    }

    @Test
    void wildcardExportsAuthorizeNarrowerImports() {
        AuthOptions a = AuthOptions.NONE.withAccounts(accounts(
                new Account("A", List.of(Export.stream("a.>"), Export.service("s.*")), List.of()),
                new Account("B", List.of(), List.of(Import.stream("A", "a.b.*", "p"), Import.service("A", "s.x", null)))));
        NatsServerOptions.builder().auth(a).build();
        assertEquals("Error adding stream import \">\": stream import not authorized",
                refused(a.withAccounts(accounts(new Account("A", List.of(Export.stream("a.>")), List.of()),
                        new Account("B", List.of(), List.of(Import.stream("A", ">", null)))))));
    }

    @Test
    void startUpChecks() {
        assertEquals("no_auth_user: \"x\" present, but users are not defined", refused(AuthOptions.NONE.withNoAuthUser("x")));
        assertEquals("no_auth_user: \"x\" not present as user in authorization block or account configuration",
                refused(users(User.of("a", "b")).withNoAuthUser("x")));
        assertEquals("error resolving system account: account missing",
                refused(AuthOptions.NONE.withSystemAccount("SYS", false)));
        NatsServerOptions.builder().auth(AuthOptions.NONE.withSystemAccount("$G", false)).build();
    }
}
