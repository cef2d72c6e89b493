package io.natsj.cli;

import io.natsj.NatsServer;
import io.natsj.NatsServerOptions;
import io.natsj.protocol.ServerInfo;
import io.natsj.server.Server;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The natsj executable. Flags are spelled as nats-server's (single or double dash); the full set and
 * the config file arrive with the drop-in work, flags not yet supported are refused by name.
 */
@Command(name = "natsj", mixinStandardHelpOptions = false, sortOptions = false,
        description = "natsj: a NATS server for the JVM.")
public final class NatsjMain implements Callable<Integer> {
    @Option(names = {"-a", "--addr", "--net", "-addr", "-net"}, paramLabel = "<host>",
            description = "Bind to host address (default: 0.0.0.0)")
    String host = "0.0.0.0";

    @Option(names = {"-p", "--port", "-port"}, paramLabel = "<port>",
            description = "Use port for clients (default: 4222)")
    int port = NatsServerOptions.DEFAULT_PORT;

    @Option(names = {"-n", "--name", "--server_name", "-name", "-server_name"}, paramLabel = "<server_name>",
            description = "Server name (default: auto)")
    String serverName;

    @Option(names = {"-v", "--version", "-version"}, description = "Show version")
    boolean version;

    @Option(names = {"-h", "--help", "-help"}, usageHelp = true, description = "Show this message")
    boolean help;

    public static void main(String[] args) {
        configureLogging();
        CommandLine cl = new CommandLine(new NatsjMain());
        cl.setUnmatchedOptionsArePositionalParams(false);
        System.exit(cl.execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        if (version) {
            System.out.println("nats-server: v" + ServerInfo.COMPATIBLE_VERSION + " (" + Server.BUILD + ")");
            return 0;
        }
        if (port == -1) {
            port = 0; // nats-server: -1 picks a random port
        }
        NatsServerOptions.Builder b = NatsServerOptions.builder().host(host).port(port);
        if (serverName != null) {
            b.serverName(serverName);
        }
        NatsServer server = new NatsServer(b.build());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "natsj-shutdown"));
        try {
            server.start();
        } catch (RuntimeException e) {
            System.err.println("natsj: " + e.getMessage());
            return 1;
        }
        stopped.await();
        return 0;
    }

    /** slf4j-simple set up to resemble nats-server's log lines until the full logger lands. */
    private static void configureLogging() {
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy/MM/dd HH:mm:ss.SSS");
        setDefault("org.slf4j.simpleLogger.showThreadName", "false");
        setDefault("org.slf4j.simpleLogger.showLogName", "false");
        setDefault("org.slf4j.simpleLogger.levelInBrackets", "true");
        setDefault("org.slf4j.simpleLogger.logFile", "System.err");
        setDefault("org.slf4j.simpleLogger.log.io.netty", "warn");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
