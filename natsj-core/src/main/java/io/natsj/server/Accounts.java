package io.natsj.server;

import io.natsj.auth.Account;
import io.natsj.auth.AuthOptions;
import io.natsj.auth.Export;
import io.natsj.auth.Import;
import io.natsj.protocol.GoQuote;
import io.natsj.routing.SubjectMapping;
import io.natsj.routing.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's accounts by name: the global account {@code $G}, the system account and every
 * configured one, with their imports wired. Accounts live as long as the server.
 *
 * <p>Threading: thread-safe; connections look their account up once, at CONNECT. {@link #configure}
 * runs at start-up, before any client.
 */
final class Accounts {
    private final ConcurrentHashMap<String, ServerAccount> byName = new ConcurrentHashMap<>();
    final ServerAccount global;

    Accounts() {
        global = byName.computeIfAbsent(Account.GLOBAL, ServerAccount::new);
    }

    /**
     * Creates every account the options name and wires their imports, replacing earlier imports
     * (a reload); accounts no longer named stay, empty of new clients.
     *
     * @throws IllegalArgumentException with nats-server's text when an import is not allowed
     */
    void configure(AuthOptions auth) {
        check(auth);
        for (String name : auth.accounts().keySet()) {
            byName.computeIfAbsent(name, ServerAccount::new);
        }
        if (!auth.noSystemAccount()) {
            byName.computeIfAbsent(systemAccountName(auth), ServerAccount::new);
        }
        for (ServerAccount acc : byName.values()) {
            acc.dropImports();
        }
        for (Account a : auth.accounts().values()) {
            ServerAccount importer = byName.get(a.name());
            List<ImportRoutes.StreamImport> streams = new ArrayList<>();
            for (Import im : a.imports()) {
                ServerAccount exporter = byName.get(im.account());
                Export export = findExport(auth.accounts().get(im.account()), im, a.name());
                if (im.service()) {
                    String to = im.to() != null ? im.to() : im.subject();
                    importer.addServiceImport(new Subscription(
                            new ImportRoutes.Service(importer, exporter, im.subject(), to, export), to, null, "_SI_"));
                } else {
                    String to = im.prefix() != null ? im.prefix() + "." + im.subject()
                            : im.to() != null ? im.to() : im.subject();
                    streams.add(new ImportRoutes.StreamImport(exporter, im.subject(), to));
                }
            }
            importer.streamImports = List.copyOf(streams);
        }
        if (!auth.noSystemAccount()) {
            addSystemImports(byName.get(systemAccountName(auth)));
        }
    }

    /**
     * As nats-server: every other account imports the system account's CONNZ and STATZ requests
     * (scoped to itself), so its users can ask what their own account's connections do.
     */
    private void addSystemImports(ServerAccount system) {
        Export connz = new Export("$SYS.REQ.ACCOUNT.*.CONNZ", true, null, Export.STREAM, null);
        Export statz = new Export("$SYS.REQ.ACCOUNT.*.STATZ", true, null, Export.STREAM, null);
        for (ServerAccount acc : byName.values()) {
            if (acc == system) {
                continue;
            }
            for (SystemImport im : systemImports(acc.name)) {
                systemImport(acc, system, im.subject(), im.systemSubject(), im.systemSubject().endsWith(".CONNZ") ? connz : statz);
            }
        }
    }

    /** A request subject an account imports from the system account, and where it arrives there. */
    record SystemImport(String subject, String systemSubject) {
    }

    /** The imports every account but the system account has, in nats-server's order. */
    static List<SystemImport> systemImports(String account) {
        String mine = "$SYS.REQ.ACCOUNT." + account + ".";
        return List.of(new SystemImport("$SYS.REQ.ACCOUNT.PING.CONNZ", mine + "CONNZ"),
                new SystemImport("$SYS.REQ.SERVER.PING.CONNZ", mine + "CONNZ"),
                new SystemImport("$SYS.REQ.ACCOUNT.PING.STATZ", mine + "STATZ"));
    }

    /** {@code importer} publishes on {@code subject}; the system account gets it on {@code systemSubject}. */
    private static void systemImport(ServerAccount importer, ServerAccount system, String subject, String systemSubject,
            Export e) {
        importer.addServiceImport(new Subscription(new ImportRoutes.Service(importer, system, systemSubject, subject, e),
                subject, null, "_SI_"));
    }

    /**
     * Refuses imports that no export grants, as nats-server refuses the configuration.
     *
     * @throws IllegalArgumentException with nats-server's text
     */
    static void check(AuthOptions auth) {
        for (Account a : auth.accounts().values()) {
            for (Import im : a.imports()) {
                if (findExport(auth.accounts().get(im.account()), im, a.name()) == null) {
                    String kind = im.service() ? "service" : "stream";
                    throw new IllegalArgumentException("Error adding " + kind + " import " + GoQuote.quote(im.subject())
                            + ": " + kind + " import not authorized");
                }
            }
        }
    }

    /** The export of {@code exporter} that grants this import to {@code importer}, or null. */
    private static Export findExport(Account exporter, Import im, String importer) {
        if (exporter == null) {
            return null;
        }
        for (Export e : exporter.exports()) {
            if (e.service() == im.service() && SubjectMapping.isSubset(im.subject(), e.subject())
                    && (e.isPublic() || e.accounts().contains(importer))) {
                return e;
            }
        }
        return null;
    }

    static String systemAccountName(AuthOptions auth) {
        return auth.systemAccount() != null ? auth.systemAccount() : Account.SYSTEM;
    }

    /** The named account; null names the global account; null if there is no such account. */
    ServerAccount get(String name) {
        return name == null ? global : byName.get(name);
    }

    Map<String, ServerAccount> all() {
        return byName;
    }
}
