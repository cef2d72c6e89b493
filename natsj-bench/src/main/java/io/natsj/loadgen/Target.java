package io.natsj.loadgen;

/**
 * A server under load: where clients connect, and the pid whose CPU and memory are read from /proc
 * (-1 when unknown, e.g. a remote server: then those figures are left out).
 */
record Target(String name, String host, int port, long pid) {
    @Override
    public String toString() {
        return name + "@" + host + ":" + port + (pid > 0 ? " pid " + pid : "");
    }
}
