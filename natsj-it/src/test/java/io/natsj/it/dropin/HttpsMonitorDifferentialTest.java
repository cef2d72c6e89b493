package io.natsj.it.dropin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.natsj.it.support.ServerProcess;
import io.natsj.it.support.ServerProcess.Binary;
import io.natsj.it.support.TestCerts;
import io.natsj.it.support.TestCerts.Issued;
import io.natsj.it.support.TestCerts.KeyForm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTPS monitoring port (https_port, https, -ms): served with the client port's certificate, no
 * client certificate asked for even when clients need one, and the same refusals and ports file as
 * nats-server.
 */
class HttpsMonitorDifferentialTest {
    private static final Pattern HTTPS_PORT = Pattern.compile("Starting https monitor on 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    static Path certDir;
    static TestCerts ca;
    static Issued server;

    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void makeCertificates() {
        ca = TestCerts.newCa(certDir, "mon-ca");
        server = ca.server("mon-server", KeyForm.PKCS8_RSA);
    }

    private static String tls() {
        return "tls { cert_file: \"" + server.certFile() + "\", key_file: \"" + server.keyFile() + "\", ca_file: \""
                + ca.caFile() + "\", verify: true }\n";
    }

    @Test
    void servesTheEndpointsOverTlsAsNatsServer(@TempDir Path dir) throws Exception {
        DropinSupport.write(dir.resolve("s.conf"), "host: 127.0.0.1\nport: -1\nhttps: \"127.0.0.1:-1\"\n" + tls());
        List<String> go = answers(Binary.GO, dir.resolve("go"));
        List<String> natsj = answers(Binary.NATSJ, dir.resolve("natsj"));
        assertEquals(go, natsj);
        assertTrue(natsj.get(0).startsWith("200 https_port=-1 http_port=0"), natsj.get(0));
    }

    private List<String> answers(Binary binary, Path dir) throws Exception {
        Files.createDirectories(dir);
        Files.copy(dir.getParent().resolve("s.conf"), dir.resolve("s.conf"));
        try (ServerProcess p = DropinSupport.startAsNatsServer(binary, dir, "-c", "s.conf", "--ports_file_dir", dir.toString())) {
            p.awaitReady();
            Matcher m = HTTPS_PORT.matcher(p.output());
            assertTrue(m.find(), p.output());
            String base = "https://127.0.0.1:" + m.group(1);
            // No client certificate: the monitoring port does not ask for one although clients must.
            HttpClient http = HttpClient.newBuilder().sslContext(ca.clientContext(null))
                    .connectTimeout(Duration.ofSeconds(5)).build();
            List<String> out = new ArrayList<>();
            HttpResponse<String> varz = http.send(HttpRequest.newBuilder(URI.create(base + "/varz"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode v = json.readTree(varz.body());
            out.add(varz.statusCode() + " https_port=" + v.get("https_port") + " http_port=" + v.get("http_port")
                    + " tls_required=" + v.get("tls_required") + " tls_verify=" + v.get("tls_verify"));
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/healthz"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            out.add(health.statusCode() + " " + health.body());
            String ports = DropinSupport.awaitPortsFile(dir, p.pid());
            out.add(ports.replaceAll(":\\d+\"", ":PORT\""));
            return out;
        }
    }

    @Test
    void refusalsAsNatsServer(@TempDir Path dir) throws Exception {
        DropinSupport.write(dir.resolve("both.conf"), "host: 127.0.0.1\nport: -1\nhttp_port: 18931\nhttps_port: 18932\n" + tls());
        DropinSupport.write(dir.resolve("notls.conf"), "host: 127.0.0.1\nport: -1\nhttps_port: -1\n");
        for (String[] args : List.of(new String[] {"-c", "both.conf"}, new String[] {"-c", "notls.conf"},
                new String[] {"-a", "127.0.0.1", "-p", "-1", "-ms", "-1"})) {
            ServerProcess.Result go = ServerProcess.run(Binary.GO, dir, args);
            ServerProcess.Result natsj = ServerProcess.run(Binary.NATSJ, dir, args);
            assertEquals(go.exitCode(), natsj.exitCode(), natsj.output());
            assertEquals(fatal(go.output()), fatal(natsj.output()), String.join(" ", args));
        }
    }

    private static String fatal(String output) {
        Matcher m = Pattern.compile("\\[FTL\\] ([^\\n]*)").matcher(output);
        return m.find() ? m.group(1) : output;
    }
}
