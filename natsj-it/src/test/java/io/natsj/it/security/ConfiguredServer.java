package io.natsj.it.security;

import static org.awaitility.Awaitility.await;

import io.natsj.NatsServer;
import io.natsj.NatsServerOptions;
import io.natsj.config.ConfigOptions;
import io.natsj.it.support.GoNatsServer;
import io.natsj.it.support.ServerKind;
import io.natsj.it.support.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server started from the text of a configuration file, the same text for both servers: nats-server
 * as a child process ({@code nats-server -c file}), natsj in this JVM through {@link ConfigOptions#load}
 * (what bin/natsj does with {@code -c}). Both listen on 127.0.0.1 on a port of their choosing
 * ({@code port: -1}, nats-server's "any free port").
 *
 * <p>A configuration a server refuses comes back as a {@link Refused} with its error text, so that a
 * test can compare refusals as well as answers.
 */
abstract class ConfiguredServer implements TestServer {
    private static final Pattern PORT = Pattern.compile("nats://127\\.0\\.0\\.1:(\\d+)");

    /** What a server said when it would not start with a configuration. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    /** The configuration file: the listen address first, then the case's own text. */
    static String fileText(String config, Path dir) {
        return "host: 127.0.0.1\nport: -1\nports_file_dir: \"" + dir + "\"\n" + config + "\n";
    }

    static ConfiguredServer start(ServerKind kind, String config) {
        return kind == ServerKind.GO ? Go.start(config) : Natsj.start(config);
    }

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(Path dir, String config) {
        Path conf = dir.resolve("server.conf");
        try {
            Files.writeString(conf, fileText(config, dir), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return conf;
    }

    static void deleteDir(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    /** nats-server -c file. */
    static final class Go extends ConfiguredServer {
        private final Process process;
        private final Path dir;
        private final int port;
        private final Thread reaper;

        private Go(Process process, Path dir, int port, Thread reaper) {
            this.process = process;
            this.dir = dir;
            this.port = port;
            this.reaper = reaper;
        }

        static Go start(String config) {
            Path bin = GoNatsServer.requireBinary();
            Path dir = tempDir("nats-server-sec-");
            Path conf = write(dir, config);
            Path log = dir.resolve("nats-server.log");
            Process p;
            try {
                p = new ProcessBuilder(bin.toString(), "-c", conf.toString()).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread reaper = new Thread(p::destroyForcibly, "kill nats-server");
            Runtime.getRuntime().addShutdownHook(reaper);
            Path ports = dir.resolve("nats-server_" + p.pid() + ".ports");
            try {
                await("nats-server ports file").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                        .until(() -> !p.isAlive() || (Files.exists(ports) && Files.size(ports) > 0));
            } catch (RuntimeException | Error e) {
                p.destroyForcibly();
                throw new IllegalStateException("nats-server did not start:\n" + read(log), e);
            }
            if (!p.isAlive()) {
                String out = read(log);
                Runtime.getRuntime().removeShutdownHook(reaper);
                deleteDir(dir);
                throw new Refused(out.strip().replace(conf.toString(), "server.conf"));
            }
            Matcher m = PORT.matcher(read(ports));
            if (!m.find()) {
                p.destroyForcibly();
                throw new IllegalStateException("no client URL in the ports file: " + read(ports));
            }
            return new Go(p, dir, Integer.parseInt(m.group(1)), reaper);
        }

        private static String read(Path f) {
            try {
                return Files.readString(f, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }

        String log() {
            return read(dir.resolve("nats-server.log"));
        }

        @Override
        public ServerKind kind() {
            return ServerKind.GO;
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public void close() {
            GoNatsServer.stop(process, reaper);
            deleteDir(dir);
        }

        @Override
        public String toString() {
            return "nats-server@" + port;
        }
    }

    /** natsj embedded, its options read from the file by {@link ConfigOptions#load}. */
    static final class Natsj extends ConfiguredServer {
        private final NatsServer server;
        private final Path dir;

        private Natsj(NatsServer server, Path dir) {
            this.server = server;
            this.dir = dir;
        }

        static Natsj start(String config) {
            Path dir = tempDir("natsj-sec-");
            Path conf = write(dir, config);
            NatsServerOptions.Builder b = NatsServerOptions.builder();
            NatsServer server;
            try {
                ConfigOptions.load(conf, b);
                server = new NatsServer(b.build()).start();
            } catch (Exception e) {
                deleteDir(dir);
                throw new Refused(String.valueOf(e.getMessage()).replace(conf.toString(), "server.conf"));
            }
            return new Natsj(server, dir);
        }

        NatsServer server() {
            return server;
        }

        @Override
        public ServerKind kind() {
            return ServerKind.NATSJ;
        }

        @Override
        public int port() {
            return server.port();
        }

        @Override
        public void close() {
            server.close();
            deleteDir(dir);
        }

        @Override
        public String toString() {
            return "natsj@" + port();
        }
    }
}
