package io.natsj.it.dropin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.it.support.ServerProcess;
import io.natsj.it.support.ServerProcess.Binary;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Protocol traces (-DV): the same client session against natsj and the Go server gives the same
 * trace lines (client suites grep them, e.g. for {@code [UNSUB 1 ]}), with the password redacted.
 */
class TraceDifferentialTest {
    private static final Pattern TRACE = Pattern.compile("\\[TRC\\] [^ ]+ - cid:\\d+ - (.*)");
    private static final String SESSION = "CONNECT {\"verbose\":true,\"user\":\"u\",\"pass\":\"secret\",\"headers\":true,\"protocol\":1,\"lang\":\"java\",\"version\":\"2.26.2\",\"name\":\"tr\\\"ace\"}\r\n"
            + "SUB foo 1\r\nSUB bar q 2\r\nPUB foo reply 5\r\nhello\r\nHPUB foo 12 14\r\nNATS/1.0\r\n\r\nhi\r\n"
            + "UNSUB 1 \r\nUNSUB 2\r\nPUB nobody 0\r\n\r\nBOGUS\r\n";

    @Test
    void sameTraceLinesAsNatsServer(@TempDir Path dir) throws Exception {
        List<String> go = traces(Binary.GO, dir);
        List<String> natsj = traces(Binary.NATSJ, dir);
        assertTrue(go.stream().anyMatch(l -> l.contains("[REDACTED]")), go.toString());
        assertTrue(go.stream().anyMatch(l -> l.endsWith("<<- [UNSUB 1 ]")), go.toString());
        assertTrue(go.get(1).startsWith("\"v2.26.2:java:tr\\\"ace\" - "), go.get(1));
        assertEquals(String.join("\n", go), String.join("\n", natsj));
    }

    private static List<String> traces(Binary binary, Path dir) throws Exception {
        try (ServerProcess p = ServerProcess.start(binary, dir, "-a", "127.0.0.1", "-p", "-1", "-DV",
                "--ports_file_dir", dir.toString())) {
            int port = DropinSupport.clientPort(awaitPorts(dir, p));
            p.awaitReady();
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(5000);
                OutputStream out = s.getOutputStream();
                out.write(SESSION.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                InputStream in = s.getInputStream();
                byte[] buf = new byte[4096];
                StringBuilder got = new StringBuilder();
                while (!got.toString().contains("Unknown Protocol Operation")) {
                    int n = in.read(buf);
                    if (n < 0) {
                        break;
                    }
                    got.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                }
            }
            p.awaitOutput("Client connection closed", Duration.ofSeconds(10));
            p.signal("INT");
            p.awaitExit(Duration.ofSeconds(20));
            List<String> lines = new ArrayList<>();
            Matcher m = TRACE.matcher(p.output());
            while (m.find()) {
                lines.add(m.group(1));
            }
            return lines;
        }
    }

    private static String awaitPorts(Path dir, ServerProcess p) {
        String program = p.binary() == Binary.GO ? "nats-server" : "natsj";
        Path f = dir.resolve(program + "_" + p.pid() + ".ports");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> java.nio.file.Files.exists(f)
                && java.nio.file.Files.size(f) > 0);
        try {
            return java.nio.file.Files.readString(f);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
