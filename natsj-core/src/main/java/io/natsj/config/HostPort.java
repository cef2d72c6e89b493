package io.natsj.config;

/** Go's {@code net.SplitHostPort}: "host:port", "[v6]:port", ":port"; null where Go reports an error. */
final class HostPort {
    final String host;
    final String port;

    private HostPort(String host, String port) {
        this.host = host;
        this.port = port;
    }

    static HostPort split(String s) {
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            return null;
        }
        String host;
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            if (end < 0 || end + 1 != colon) {
                return null;
            }
            host = s.substring(1, end);
        } else {
            host = s.substring(0, colon);
            if (host.indexOf(':') >= 0 || host.indexOf('[') >= 0 || host.indexOf(']') >= 0) {
                return null;
            }
        }
        String port = s.substring(colon + 1);
        if (port.indexOf('[') >= 0 || port.indexOf(']') >= 0) {
            return null;
        }
        return new HostPort(host, port);
    }
}
