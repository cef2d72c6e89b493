package io.natsj.server;

import io.natsj.auth.Account;
import io.natsj.auth.AuthOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's accounts by name: the global account {@code $G}, the system account and every
 * configured one. Accounts live as long as the server: a reload adds new ones and keeps the
 * subscriptions of those that stay.
 *
 * <p>Threading: thread-safe; connections look their account up once, at CONNECT.
 */
final class Accounts {
    private final ConcurrentHashMap<String, ServerAccount> byName = new ConcurrentHashMap<>();
    final ServerAccount global;

    Accounts() {
        global = byName.computeIfAbsent(Account.GLOBAL, ServerAccount::new);
    }

    /** Makes sure every account the options name exists. */
    void configure(AuthOptions auth) {
        for (Map.Entry<String, Account> e : auth.accounts().entrySet()) {
            byName.computeIfAbsent(e.getKey(), ServerAccount::new);
        }
        if (!auth.noSystemAccount()) {
            byName.computeIfAbsent(systemAccountName(auth), ServerAccount::new);
        }
    }

    static String systemAccountName(AuthOptions auth) {
        return auth.systemAccount() != null ? auth.systemAccount() : Account.SYSTEM;
    }

    /** The named account; null names the global account; null if there is no such account. */
    ServerAccount get(String name) {
        return name == null ? global : byName.get(name);
    }
}
