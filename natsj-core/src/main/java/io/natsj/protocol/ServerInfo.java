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

    /**
     * @param build shown where nats-server shows its Go version ("go"): natsj's own name and version.
     */
    public ServerInfo(String serverId, String serverName, String build, String host, int port, boolean headers,
            int maxPayload) {
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
        sb.append(",\"max_payload\":").append(maxPayload);
        this.prefix = sb.toString();
    }

    /** The whole INFO line for one client, ending (as nats-server's does) with a space before CRLF. */
    public String forClient(long clientId, String clientIp) {
        return forClient(clientId, clientIp, false);
    }

    /** As {@link #forClient(long, String)}; {@code ldm} marks the INFO that announces lame duck mode. */
    public String forClient(long clientId, String clientIp, boolean ldm) {
        StringBuilder sb = new StringBuilder(prefix.length() + 64).append(prefix);
        sb.append(",\"client_id\":").append(clientId);
        if (clientIp != null && !clientIp.isEmpty()) {
            sb.append(",\"client_ip\":");
            Json.quote(sb, clientIp);
        }
        if (ldm) {
            sb.append(",\"ldm\":true");
        }
        return sb.append("} \r\n").toString();
    }
}
