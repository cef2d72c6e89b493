package io.natsj.auth;

import java.util.List;

/**
 * An account from nats-server's {@code accounts} block: its own subject space, what it exports and
 * imports, and its JetStream limits (null when the block does not enable JetStream for it). Its users
 * are in {@link AuthOptions#users()} with this account's name.
 */
public record Account(String name, List<Export> exports, List<Import> imports, JetStreamLimits jetStream) {
    /** The global account every client is in when no account is configured for it. */
    public static final String GLOBAL = "$G";
    /** nats-server's default system account name. */
    public static final String SYSTEM = "$SYS";

    public Account {
        exports = exports == null ? List.of() : List.copyOf(exports);
        imports = imports == null ? List.of() : List.copyOf(imports);
    }

    public Account(String name, List<Export> exports, List<Import> imports) {
        this(name, exports, imports, null);
    }

    public static Account named(String name) {
        return new Account(name, List.of(), List.of());
    }
}
