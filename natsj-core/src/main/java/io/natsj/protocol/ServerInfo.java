package io.natsj.protocol;

/**
 * The INFO a server sends to a client, with nats-server 2.9's keys in nats-server's order. The server
 * part is fixed at start-up; each connection adds its client_id and client_ip.
 */
public final class ServerInfo {
    /** The nats-server release whose client-visible behaviour natsj matches; clients gate features on it. */
    public static final String COMPATIBLE_VERSION = "2.9.10";
    public static final int PROTOCOL = 1;

    private final String prefix;
    /** The members after the per-client ones ("domain"), or "". */
    private final String suffix;

    /**
     * @param build shown where nats-server shows its Go version ("go"): natsj's own name and version.
     */
    public ServerInfo(String serverId, String serverName, String build, String host, int port, boolean headers,
            int maxPayload) {
        this(serverId, serverName, build, host, port, headers, maxPayload, false, false, false, false, null);
    }

    /**
     * @param authRequired clients must authenticate (INFO's auth_required)
     * @param tlsRequired clients must start TLS after this INFO (tls_required)
     * @param tlsVerify clients must present a certificate (tls_verify)
     * @param jetStream JetStream is enabled (jetstream)
     * @param domain the JetStream domain (domain, after the client's own keys as in nats-server); null for none
     */
    public ServerInfo(String serverId, String serverName, String build, String host, int port, boolean headers,
            int maxPayload, boolean authRequired, boolean tlsRequired, boolean tlsVerify, boolean jetStream,
            String domain) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("INFO {\"server_id\":");
        Json.quote(sb, serverId);
        sb.append(",\"server_name\":");
        Json.quote(sb, serverName);
        sb.append(",\"version\":");
        Json.quote(sb, COMPATIBLE_VERSION);
        sb.append(",\"proto\":").append(PROTOCOL);
        sb.append(",\"go\":");
        Json.quote(sb, build);
        sb.append(",\"host\":");
        Json.quote(sb, host);
        sb.append(",\"port\":").append(port);
        sb.append(",\"headers\":").append(headers);
        if (authRequired) {
            sb.append(",\"auth_required\":true");
        }
        if (tlsRequired) {
            sb.append(",\"tls_required\":true");
        }
        if (tlsVerify) {
            sb.append(",\"tls_verify\":true");
        }
        sb.append(",\"max_payload\":").append(maxPayload);
        if (jetStream) {
            sb.append(",\"jetstream\":true");
        }
        this.prefix = sb.toString();
        if (domain == null || domain.isEmpty()) {
            this.suffix = "";
        } else {
            StringBuilder d = new StringBuilder(",\"domain\":");
            Json.quote(d, domain);
            this.suffix = d.toString();
        }
    }

    /** The whole INFO line for one client, ending (as nats-server's does) with a space before CRLF. */
    public String forClient(long clientId, String clientIp) {
        return forClient(clientId, clientIp, false);
    }

    /** As {@link #forClient(long, String)}; {@code ldm} marks the INFO that announces lame duck mode. */
    public String forClient(long clientId, String clientIp, boolean ldm) {
        return forClient(clientId, clientIp, ldm, null);
    }

    /** As {@link #forClient(long, String, boolean)}, with the nonce an nkey user signs (null: none). */
    public String forClient(long clientId, String clientIp, boolean ldm, String nonce) {
        StringBuilder sb = new StringBuilder(prefix.length() + 64).append(prefix);
        sb.append(",\"client_id\":").append(clientId);
        if (clientIp != null && !clientIp.isEmpty()) {
            sb.append(",\"client_ip\":");
            Json.quote(sb, clientIp);
        }
        if (nonce != null) {
            sb.append(",\"nonce\":");
            Json.quote(sb, nonce);
        }
        sb.append(suffix);
        if (ldm) {
            sb.append(",\"ldm\":true");
        }
        return sb.append("} \r\n").toString();
    }
}
