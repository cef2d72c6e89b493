package io.natsj.monitor;

import io.natsj.protocol.GoJsonWriter;
import java.util.List;

/**
 * JetStream's figures as the monitoring documents show them (nats-server's JetStreamConfig and
 * JetStreamStats, and an AccountDetail per account); a snapshot taken when a document is rendered.
 *
 * @param storeDir the directory JetStream uses (with its "jetstream" part)
 * @param domain null for none
 * @param compressOk nats-server's compress_ok, shown only when true
 * @param accounts the JetStream-enabled accounts, in the configuration's order
 */
public record JetStreamInfo(long maxMemory, long maxStore, String storeDir, String domain, boolean compressOk,
        long memory, long storage, long reservedMemory, long reservedStorage, long apiTotal, long apiErrors,
        int streams, int consumers, long messages, long bytes, List<Account> accounts) {

    /**
     * One account's figures (nats-server's AccountDetail).
     *
     * @param reservedMemory the account's memory limit, which Go shows as an unsigned number (-1: 2^64-1)
     */
    public record Account(String name, long memory, long storage, long reservedMemory, long reservedStorage,
            long apiTotal, long apiErrors, StreamDetails streams) {
    }

    /** An account's streams as /jsz?streams=true lists them: one compact StreamDetail JSON each. */
    public interface StreamDetails {
        /** @param config whether each detail carries the stream's configuration (config=true) */
        List<String> render(boolean config);
    }

    /** {@code "config"}: nats-server's JetStreamConfig; {@code withStoreDir} false for STATSZ, which drops it. */
    void config(GoJsonWriter j, boolean withStoreDir) {
        j.object("config").field("max_memory", maxMemory).field("max_storage", maxStore);
        if (withStoreDir) {
            j.optional("store_dir", storeDir);
        }
        j.optional("domain", domain);
        if (compressOk) {
            j.field("compress_ok", true);
        }
        j.end();
    }

    /** nats-server's JetStreamStats members into the open object (ha_assets: no clustering, 0). */
    void stats(GoJsonWriter j) {
        j.field("memory", memory).field("storage", storage).field("reserved_memory", reservedMemory)
                .field("reserved_storage", reservedStorage).field("accounts", accounts.size()).field("ha_assets", 0);
        j.object("api").field("total", apiTotal).field("errors", apiErrors).end();
    }

    /** {@code "jetstream"} of /varz and STATSZ: nats-server's JetStreamVarz. */
    void varz(GoJsonWriter j, boolean withStoreDir) {
        j.object("jetstream");
        config(j, withStoreDir);
        j.object("stats");
        stats(j);
        j.end().end();
    }

    static void accountDetail(GoJsonWriter j, Account a) {
        accountDetail(j, a, false, false);
    }

    /** An AccountDetail, with its stream_detail when asked for (left out when there is none, as Go's omitempty). */
    static void accountDetail(GoJsonWriter j, Account a, boolean streams, boolean config) {
        j.field("name", a.name()).field("id", a.name()).field("memory", a.memory()).field("storage", a.storage())
                .raw("reserved_memory", Long.toUnsignedString(a.reservedMemory()))
                .raw("reserved_storage", Long.toUnsignedString(a.reservedStorage()))
                .field("accounts", 0).field("ha_assets", 0);
        j.object("api").field("total", a.apiTotal()).field("errors", a.apiErrors()).end();
        List<String> details = streams && a.streams() != null ? a.streams().render(config) : List.of();
        if (!details.isEmpty()) {
            j.array("stream_detail");
            for (String d : details) {
                j.elementJson(d);
            }
            j.endArray();
        }
    }
}
