package io.natsj.server;

import io.natsj.auth.Export;
import io.natsj.routing.Subscriber;
import io.natsj.routing.Subscription;

/**
 * The subscribers that carry messages across accounts. They sit in an account's subject index like
 * a client's subscriptions; {@link ClientConnection} recognises them when it delivers. Immutable.
 */
final class ImportRoutes {
    private ImportRoutes() {
    }

    /**
     * A stream import of {@code importer}: messages published in {@code exporter} on subjects matching
     * {@code from} appear in the importer's space on the same subject moved to {@code to}.
     */
    record StreamImport(ServerAccount exporter, String from, String to) {
    }

    /**
     * A client's subscription mirrored into an exporting account (nats-server's shadow subscription):
     * what matches it there is delivered to the client's original subscription with the subject moved
     * into the client's account.
     */
    record Shadow(ClientConnection client, Subscription original, StreamImport route) implements Subscriber {
    }

    /**
     * A service import, subscribed in the importer's index on {@code to}: a request there is published
     * in the exporter on {@code from}, with a reply subject that leads the response back.
     */
    record Service(ServerAccount importer, ServerAccount exporter, String from, String to, Export export)
            implements Subscriber {
    }

    /** Subscribed in an exporting account on its {@code _R_.<prefix>.>}: responses to imported requests. */
    record Responses(ServerAccount account) implements Subscriber {
    }

    /** Where a response goes back to: the requesting account and the requester's own reply subject. */
    record ResponseRoute(ServerAccount requester, String reply, boolean singleton, long deadlineNanos) {
    }
}
