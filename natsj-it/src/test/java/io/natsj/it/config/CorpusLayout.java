package io.natsj.it.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Lays the files out in a working directory the way their paths expect: our corpus under
 * {@code corpus/} (its includes are relative to the files), and the jnats tests jar's resources
 * under {@code src/test/resources/}, because the jnats files name their certificates and JWTs
 * relative to the jnats project directory.
 */
final class CorpusLayout {
    private static final String CORPUS = "config-corpus";
    private static final String JNATS_RESOURCES = "src/test/resources";

    /**
     * nats-server 2.9.10's verdict on each .conf of jnats 2.26.2's tests jar, as shipped: valid, except
     * tls_first.conf (handshake_first is newer than 2.9) and the three whose websocket port is a
     * placeholder that jnats fills in before use.
     */
    static final Map<String, Verdict> JNATS = Map.ofEntries(
            Map.entry("basic_account.conf", Verdict.VALID),
            Map.entry("basic_account_js.conf", Verdict.VALID),
            Map.entry("encoded_pass.conf", Verdict.VALID),
            Map.entry("js_authorization.conf", Verdict.VALID),
            Map.entry("js_authorization_no_service.conf", Verdict.VALID),
            Map.entry("js_authorization_token.conf", Verdict.VALID),
            Map.entry("js_prefix.conf", Verdict.VALID),
            Map.entry("kv_account.conf", Verdict.VALID),
            Map.entry("max_payload.conf", Verdict.VALID),
            Map.entry("operator.conf", Verdict.VALID),
            Map.entry("operatorJnatsTest.conf", Verdict.VALID),
            Map.entry("operator_noacct.conf", Verdict.VALID),
            Map.entry("pagination.conf", Verdict.VALID),
            Map.entry("simple.conf", Verdict.VALID),
            Map.entry("tls.conf", Verdict.VALID),
            Map.entry("tls_first.conf", Verdict.INVALID),
            Map.entry("tls_noip.conf", Verdict.VALID),
            Map.entry("tlsverify.conf", Verdict.VALID),
            Map.entry("ws.conf", Verdict.INVALID),
            Map.entry("ws_operator.conf", Verdict.VALID),
            Map.entry("wss.conf", Verdict.INVALID),
            Map.entry("wss_operator.conf", Verdict.VALID),
            Map.entry("wssverify.conf", Verdict.INVALID));

    /** The placeholder files again, with the ports filled in as jnats does: then they are valid. */
    private static final List<String> JNATS_PLACEHOLDERS = List.of("ws.conf", "wss.conf", "wssverify.conf");

    private CorpusLayout() {
    }

    /** Copies the corpus into {@code work/corpus} and lists its top-level files (fragments are included, not checked). */
    static List<CorpusRow> ownFiles(Path work) throws IOException, URISyntaxException {
        URL url = CorpusLayout.class.getClassLoader().getResource(CORPUS);
        if (url == null) {
            throw new IllegalStateException(CORPUS + " is not on the test classpath");
        }
        Path source = Path.of(url.toURI());
        Path target = work.resolve("corpus");
        copyTree(source, target);
        List<CorpusRow> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(target)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".conf")).sorted().toList()) {
                String first = Files.readAllLines(f, StandardCharsets.UTF_8).get(0);
                rows.add(new CorpusRow(f.getFileName().toString(), work.relativize(f), Verdict.declaredIn(first)));
            }
        }
        return rows;
    }

    /** Unpacks the jnats tests jar's resources and lists its .conf files, as shipped and filled in. */
    static List<CorpusRow> jnatsFiles(Path work) throws IOException, URISyntaxException {
        URL marker = CorpusLayout.class.getClassLoader().getResource("jwt_nkey/op.jwt");
        if (marker == null || !"jar".equals(marker.getProtocol())) {
            throw new IllegalStateException("the jnats tests jar is not on the test classpath");
        }
        String jar = marker.toString().substring("jar:".length(), marker.toString().indexOf("!/"));
        Path resources = work.resolve(JNATS_RESOURCES);
        try (FileSystem fs = FileSystems.newFileSystem(Path.of(new java.net.URI(jar)), Map.of())) {
            Path root = fs.getPath("/");
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : all.filter(Files::isRegularFile).toList()) {
                    String name = root.relativize(p).toString();
                    if (!name.endsWith(".class") && !name.startsWith("META-INF")) {
                        Path out = resources.resolve(name);
                        Files.createDirectories(out.getParent());
                        Files.copy(p, out);
                    }
                }
            }
        }
        List<CorpusRow> rows = new ArrayList<>();
        JNATS.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> rows.add(new CorpusRow(
                "jnats " + e.getKey(), Path.of(JNATS_RESOURCES, e.getKey()), e.getValue())));
        if (rows.size() != 23 || !Files.isRegularFile(resources.resolve("simple.conf"))) {
            throw new IllegalStateException("expected the 23 .conf files of the jnats tests jar");
        }
        Path filled = work.resolve("jnats-filled");
        Files.createDirectories(filled);
        for (String name : JNATS_PLACEHOLDERS) {
            String text = Files.readString(resources.resolve(name), StandardCharsets.UTF_8)
                    .replace("<wss>", "8443").replace("<ws>", "8080");
            Files.writeString(filled.resolve(name), text, StandardCharsets.UTF_8);
            rows.add(new CorpusRow("jnats " + name + " with its port filled in", Path.of("jnats-filled", name),
                    Verdict.VALID));
        }
        return rows;
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> all = Files.walk(source)) {
            all.forEach(p -> {
                Path out = target.resolve(source.relativize(p).toString());
                try {
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(out);
                    } else {
                        Files.copy(p, out);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
