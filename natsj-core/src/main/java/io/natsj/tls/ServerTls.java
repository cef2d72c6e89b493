package io.natsj.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.lang.reflect.Method;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of TLS on the client port, built from {@link TlsOptions} as nats-server's
 * GenTLSConfig builds its tls.Config: TLS 1.2 at least, the server's cipher order preferred, a client
 * certificate required and verified when verify (or verify_and_map) is set. Immutable: a config
 * reload builds a new one, so the certificates are read again from the files.
 */
public final class ServerTls {
    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);
    /** SSLParameters.setNamedGroups exists from Java 20 on; before it only a JVM-wide property exists. */
    private static final Method SET_NAMED_GROUPS = namedGroupsSetter();

    private final TlsOptions options;
    private final SslContext context;
    private final String[] namedGroups;
    private final Set<String> pinned;

    private ServerTls(TlsOptions options, SslContext context, String[] namedGroups) {
        this.options = options;
        this.context = context;
        this.namedGroups = namedGroups;
        this.pinned = options.pinnedCerts().stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Reads the certificate, key and CA files and builds the context.
     *
     * @throws TlsException with nats-server's text when a file is missing or does not parse
     */
    public static ServerTls create(TlsOptions o) throws TlsException {
        Material m = load(o);
        X509Certificate[] chain = m.chain;
        PrivateKey key = m.key;
        X509Certificate[] cas = m.cas;
        String[] groups = GoTlsNames.jdkCurves(o.curvePreferences());
        try {
            SslContextBuilder b = SslContextBuilder.forServer(key, chain)
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .ciphers(GoTlsNames.jdkCiphers(o.cipherSuites()), SupportedCipherSuiteFilter.INSTANCE)
                    .clientAuth(o.clientCertRequired() ? ClientAuth.REQUIRE : ClientAuth.NONE);
            if (cas != null) {
                b.trustManager(cas);
            }
            if (groups.length > 0 && SET_NAMED_GROUPS == null && System.getProperty("jdk.tls.namedGroups") == null) {
                // Java 17-19 read the groups once, JVM-wide, when JSSE first starts: this takes effect
                // only if no TLS was used before, and a reload cannot change it.
                System.setProperty("jdk.tls.namedGroups", String.join(",", groups));
            }
            return new ServerTls(o, b.build(), groups);
        } catch (javax.net.ssl.SSLException | RuntimeException e) {
            throw new TlsException("error building TLS configuration: " + e.getMessage());
        }
    }

    /**
     * Reads and checks the files as nats-server does when it parses the tls block, without building
     * a context: for the configuration reader and {@code -t}.
     *
     * @throws TlsException with nats-server's text
     */
    public static void check(TlsOptions o) throws TlsException {
        load(o);
    }

    private record Material(X509Certificate[] chain, PrivateKey key, X509Certificate[] cas) {
    }

    private static Material load(TlsOptions o) throws TlsException {
        boolean noCert = o.certFile() == null || o.certFile().isEmpty();
        boolean noKey = o.keyFile() == null || o.keyFile().isEmpty();
        if (noCert && noKey) {
            // nats-server accepts this and then fails every handshake ("tls: no certificates configured").
            throw new TlsException("TLS without 'cert_file' and 'key_file' is not supported by natsj");
        }
        if (noKey) {
            throw new TlsException("missing 'key_file' in TLS configuration");
        }
        if (noCert) {
            throw new TlsException("missing 'cert_file' in TLS configuration");
        }
        X509Certificate[] chain;
        PrivateKey key;
        try {
            chain = PemFiles.certificateChain(o.certFile());
            key = PemFiles.privateKey(o.keyFile());
            checkPair(chain[0], key);
        } catch (TlsException e) {
            throw new TlsException("error parsing X509 certificate/key pair: " + e.getMessage());
        }
        X509Certificate[] cas = o.caFile() == null || o.caFile().isEmpty() ? null : PemFiles.caCertificates(o.caFile());
        return new Material(chain, key, cas);
    }

    /** Go's tls.X509KeyPair check that the key belongs to the certificate. */
    private static void checkPair(X509Certificate leaf, PrivateKey key) throws TlsException {
        String certAlg = leaf.getPublicKey().getAlgorithm();
        String keyAlg = key.getAlgorithm();
        if (!sameFamily(certAlg, keyAlg)) {
            throw new TlsException("tls: private key type does not match public key type");
        }
        String sigAlg = switch (keyAlg) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "RSASSA-PSS" -> null;
            default -> keyAlg; // Ed25519, EdDSA
        };
        if (sigAlg == null) {
            return;
        }
        try {
            byte[] probe = "natsj key pair check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(sigAlg);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(sigAlg);
            v.initVerify(leaf.getPublicKey());
            v.update(probe);
            if (!v.verify(sig)) {
                throw new TlsException("tls: private key does not match public key");
            }
        } catch (GeneralSecurityException e) {
            throw new TlsException("tls: private key does not match public key");
        }
    }

    private static boolean sameFamily(String a, String b) {
        return a.equals(b) || (a.startsWith("Ed") && b.startsWith("Ed")) || (a.startsWith("RSA") && b.startsWith("RSA"));
    }

    /** A new server-side SslHandler for one connection; call on its event loop. */
    public SslHandler newHandler(ByteBufAllocator alloc) {
        SslHandler h = context.newHandler(alloc);
        SSLEngine engine = h.engine();
        SSLParameters p = engine.getSSLParameters();
        p.setUseCipherSuitesOrder(true); // Go's PreferServerCipherSuites
        if (namedGroups.length > 0 && SET_NAMED_GROUPS != null) {
            try {
                SET_NAMED_GROUPS.invoke(p, (Object) namedGroups);
            } catch (ReflectiveOperationException e) {
                LOG.debug("curve_preferences not applied: {}", e.toString());
            }
        }
        engine.setSSLParameters(p);
        return h;
    }

    public TlsOptions options() {
        return options;
    }

    /**
     * Whether the client's certificate is allowed by pinned_certs: the SHA-256 of its
     * SubjectPublicKeyInfo, in hex, must be listed (any certificate when none are).
     *
     * @param keyId receives the client's key id for the log, or null when it sent no certificate
     */
    public boolean pinned(X509Certificate[] peer, StringBuilder keyId) {
        if (pinned.isEmpty()) {
            return true;
        }
        if (peer == null || peer.length == 0) {
            return false;
        }
        String id = keyId(peer[0]);
        keyId.append(id);
        return pinned.contains(id);
    }

    /** Hex SHA-256 of a certificate's DER SubjectPublicKeyInfo, the form pinned_certs lists. */
    public static String keyId(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The certificate chain the client presented on this channel (leaf first), or null when the
     * channel has no TLS, the handshake is not done, or the client sent none. For verify_and_map.
     */
    public static X509Certificate[] peerCertificates(Channel channel) {
        SslHandler h = channel.pipeline().get(SslHandler.class);
        if (h == null) {
            return null;
        }
        SSLSession session = h.engine().getSession();
        try {
            Certificate[] certs = session.getPeerCertificates();
            X509Certificate[] out = new X509Certificate[certs.length];
            for (int i = 0; i < certs.length; i++) {
                out[i] = (X509Certificate) certs[i];
            }
            return out;
        } catch (SSLPeerUnverifiedException | ClassCastException e) {
            return null;
        }
    }

    private static Method namedGroupsSetter() {
        try {
            return SSLParameters.class.getMethod("setNamedGroups", String[].class);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
