package io.natsj.server;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The pid file and the ports file, as nats-server writes them: the pid as bare digits; the ports file
 * {@code <program>_<pid>.ports} in ports_file_dir holding {@code {"nats":["nats://h:p",...]}} with
 * every interface address when the server listens on all of them. Test harnesses wait for the ports
 * file to learn where the server is, so it is written once the port is bound.
 */
final class ProcessFiles {
    /** The program name in the ports file name; bin/natsj passes the name it was started by. */
    static final String PROGRAM = System.getProperty("natsj.program", "natsj");

    private ProcessFiles() {
    }

    static long pid() {
        return ProcessHandle.current().pid();
    }

    static void writePid(String pidFile) throws IOException {
        Files.write(Path.of(pidFile), Long.toString(pid()).getBytes(StandardCharsets.US_ASCII));
    }

    static Path portsFile(String dir) {
        return Path.of(dir, PROGRAM + "_" + pid() + ".ports");
    }

    /**
     * nats-server's ports file.
     *
     * @param scheme "nats", or "tls" when clients must use TLS (as nats-server writes it)
     * @param monitor the monitoring port's address, listed under "monitoring"; null for none
     * @param monitorScheme "http" or "https"
     */
    static void writePorts(String dir, InetSocketAddress bound, String scheme, InetSocketAddress monitor,
            String monitorScheme) throws IOException {
        StringBuilder sb = new StringBuilder("{");
        urls(sb, "nats", scheme, bound);
        if (monitor != null) {
            sb.append(',');
            urls(sb, "monitoring", monitorScheme, monitor);
        }
        sb.append('}');
        Files.write(portsFile(dir), sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void urls(StringBuilder sb, String key, String scheme, InetSocketAddress bound) {
        sb.append('"').append(key).append("\":[");
        List<String> hostPorts = hostPorts(bound);
        for (int i = 0; i < hostPorts.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append('"').append(scheme).append("://").append(hostPorts.get(i)).append('"');
        }
        sb.append(']');
    }

    /** nats-server's resolveHostPorts: every interface address for a wildcard bind, else the one bound. */
    static List<String> hostPorts(InetSocketAddress bound) {
        List<String> out = new ArrayList<>();
        int port = bound.getPort();
        InetAddress a = bound.getAddress();
        if (!a.isAnyLocalAddress()) {
            out.add(join(a, port));
            return out;
        }
        try {
            List<NetworkInterface> ifaces = Collections.list(NetworkInterface.getNetworkInterfaces());
            ifaces.sort(Comparator.comparingInt(NetworkInterface::getIndex));
            for (NetworkInterface ni : ifaces) {
                List<InetAddress> v4 = new ArrayList<>();
                List<InetAddress> v6 = new ArrayList<>();
                for (InetAddress ia : Collections.list(ni.getInetAddresses())) {
                    (ia instanceof Inet6Address ? v6 : v4).add(ia);
                }
                // Go lists an interface's link-local IPv6 address after its other ones.
                v6.sort(Comparator.comparing(InetAddress::isLinkLocalAddress));
                // Go lists an interface's IPv4 addresses before its IPv6 ones.
                for (InetAddress ia : v4) {
                    out.add(join(ia, port));
                }
                for (InetAddress ia : v6) {
                    out.add(join(ia, port));
                }
            }
        } catch (SocketException e) {
            out.add(join(a, port));
        }
        return out;
    }

    private static String join(InetAddress a, int port) {
        String h = a.getHostAddress();
        int zone = h.indexOf('%');
        if (zone >= 0) {
            h = h.substring(0, zone);
        }
        if (a instanceof Inet6Address) {
            h = "[" + compress(h) + "]";
        }
        return h + ":" + port;
    }

    /** Java writes IPv6 in full ("0:0:0:0:0:0:0:1"); Go compresses the longest zero run ("::1"). */
    static String compress(String full) {
        String[] parts = full.split(":");
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < parts.length; ) {
            if (Integer.parseInt(parts[i], 16) == 0) {
                int j = i;
                while (j < parts.length && Integer.parseInt(parts[j], 16) == 0) {
                    j++;
                }
                if (j - i > bestLen && j - i >= 2) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i == bestStart) {
                sb.append(i == 0 ? "::" : ":");
                i += bestLen - 1;
                continue;
            }
            sb.append(Integer.toHexString(Integer.parseInt(parts[i], 16)));
            if (i < parts.length - 1) {
                sb.append(':');
            }
        }
        return sb.toString();
    }
}
