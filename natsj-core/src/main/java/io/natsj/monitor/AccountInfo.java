package io.natsj.monitor;

import java.time.Instant;
import java.util.List;

/**
 * One account as /accountz?acc= details it (nats-server's AccountInfo, without JWT fields: natsj
 * has no operator mode).
 *
 * @param updateTime when the account was created or last configured
 */
public record AccountInfo(String name, Instant updateTime, boolean system, int clientConnections,
        int leafConnections, long subscriptions, List<ExportInfo> exports, List<ImportInfo> imports,
        SublistStats stats, boolean jetStream) {

    /**
     * @param responseType services only: "Singleton", "Stream" or "Chunked"
     * @param approvedAccounts empty for a public export
     */
    public record ExportInfo(String subject, boolean service, String responseType, List<String> approvedAccounts) {
    }

    /**
     * @param subject the subject as the exporter offers it
     * @param to services: the local subject requests go to; streams: the local subject messages appear on
     */
    public record ImportInfo(String subject, String account, String to, boolean service) {
    }
}
