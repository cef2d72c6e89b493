package io.natsj.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.protocol.ConnectOptions;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** verify_and_map against what nats-server's checkClientTLSCertSubject decided for the same certificates. */
class CertMappingTest {
    record Case(String name, X509Certificate cert, int chain, List<String> users, String match, List<String> debug) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Map<String, Case> cases() {
        Map<String, Case> out = new LinkedHashMap<>();
        String name = null;
        X509Certificate cert = null;
        int chain = 1;
        List<String> users = new ArrayList<>();
        List<String> debug = new ArrayList<>();
        String match = null;
        for (String[] l : Vectors.lines("cert-vectors.txt")) {
            switch (l[0]) {
                case "case" -> {
                    name = l[1];
                    users = new ArrayList<>();
                    debug = new ArrayList<>();
                    match = null;
                }
                case "cert" -> cert = certificate(Base64.getDecoder().decode(l[1]));
                case "chain" -> chain = Integer.parseInt(l[1]);
                case "user" -> users.add(Vectors.b64(l[1]));
                case "match" -> match = Vectors.b64(l[1]);
                case "nomatch" -> match = null;
                case "debug" -> debug.add(Vectors.b64(l[1]));
                case "end" -> out.put(name, new Case(name, cert, chain, users, match, debug));
                default -> throw new IllegalStateException(l[0]);
            }
        }
        return out;
    }

    static X509Certificate certificate(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> vectors() {
        Map<String, Case> all = cases();
        assertTrue(all.size() >= 30, "cases " + all.size());
        return all.values().stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void mapsAsNatsServer(Case c) {
        List<User> users = c.users().stream().map(u -> User.of(u, null)).toList();
        Authenticator auth = new Authenticator(AuthOptions.NONE.withUsers(users), true);
        X509Certificate[] chain = new X509Certificate[c.chain()];
        java.util.Arrays.fill(chain, c.cert());
        AuthResult r = auth.authenticate(new ConnectOptions(), null, chain, Authenticator.STANDARD);
        assertEquals(c.match() != null, r.ok(), () -> r.toString());
        if (c.match() != null) {
            assertEquals(c.match(), r.user().username());
            assertEquals(c.match(), r.username());
        } else {
            assertEquals("authentication error - User \"\"", r.error());
        }
        assertEquals(c.debug(), r.debug());
    }
}
