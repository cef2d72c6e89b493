package io.natsj.tls;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.lang.reflect.Method;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of TLS on the client port, built from {@link TlsOptions} as nats-server's
 * GenTLSConfig builds its tls.Config: TLS 1.2 at least, the server's cipher order preferred, a client
 * certificate required and verified when verify (or verify_and_map) is set. Immutable: a config
 * reload builds a new one, so the certificates are read again from the files.
 *
 * <p>JSSE (the JDK's provider) does the TLS, under Netty's {@link SslHandler}. The context is a plain
 * {@link SSLContext} with a key manager holding the one key, not a Netty SslContext: Netty's builds a
 * password-protected key store and loads the JDK's default roots first, which cost over a second of
 * start-up on the CI machine.
 */
public final class ServerTls {
    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);
    /** SSLParameters.setNamedGroups exists from Java 20 on; before it only a JVM-wide property exists. */
    private static final Method SET_NAMED_GROUPS = namedGroupsSetter();

    private final TlsOptions options;
    private final SSLContext context;
    private final String[] protocols;
    private final String[] ciphers;
    private final String[] namedGroups;
    private final Set<String> pinned;

    private ServerTls(TlsOptions options, SSLContext context, String[] protocols, String[] ciphers, String[] namedGroups) {
        this.options = options;
        this.context = context;
        this.protocols = protocols;
        this.ciphers = ciphers;
        this.namedGroups = namedGroups;
        this.pinned = options.pinnedCerts().stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Reads the certificate, key and CA files and builds the context.
     *
     * @throws TlsException with nats-server's text when a file is missing or does not parse
     */
    public static ServerTls create(TlsOptions o) throws TlsException {
        Checked c = lastChecked;
        Material m = c != null && c.options.equals(o) ? c.material : load(o);
        String[] groups = GoTlsNames.jdkCurves(o.curvePreferences());
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(new KeyManager[] {new FixedKeyManager(m.chain, m.key)}, trustManagers(o, m.cas), null);
            SSLParameters supported = ctx.getSupportedSSLParameters();
            String[] protocols = intersect(List.of("TLSv1.3", "TLSv1.2"), supported.getProtocols());
            String[] ciphers = intersect(GoTlsNames.jdkCiphers(o.cipherSuites()), supported.getCipherSuites());
            if (groups.length > 0 && SET_NAMED_GROUPS == null && System.getProperty("jdk.tls.namedGroups") == null) {
                // Java 17-19 read the groups once, JVM-wide, when JSSE first starts: this takes effect
                // only if no TLS was used before, and a reload cannot change it.
                System.setProperty("jdk.tls.namedGroups", String.join(",", groups));
            }
            return new ServerTls(o, ctx, protocols, ciphers, groups);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new TlsException("error building TLS configuration: " + e.getMessage());
        }
    }

    /**
     * The CAs of ca_file; the JDK's default roots when verifying without one (Go uses the system's);
     * and when client certificates are not asked for, one that refuses all, so that the JDK does not
     * spend start-up time loading its default roots for nothing.
     */
    private static TrustManager[] trustManagers(TlsOptions o, X509Certificate[] cas) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (cas != null) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            try {
                ks.load(null, null);
            } catch (java.io.IOException e) {
                throw new KeyStoreException(e);
            }
            for (int i = 0; i < cas.length; i++) {
                ks.setCertificateEntry("ca" + i, cas[i]);
            }
            tmf.init(ks);
            return tmf.getTrustManagers();
        }
        if (o.clientCertRequired()) {
            tmf.init((KeyStore) null);
            return tmf.getTrustManagers();
        }
        return new TrustManager[] {new RefuseAll()};
    }

    private static String[] intersect(List<String> wanted, String[] supported) {
        Set<String> s = Set.of(supported);
        return wanted.stream().filter(s::contains).toArray(String[]::new);
    }

    /**
     * Reads and checks the files as nats-server does when it parses the tls block, without building
     * a context: for the configuration reader and {@code -t}.
     *
     * @throws TlsException with nats-server's text
     */
    public static void check(TlsOptions o) throws TlsException {
        Material m = load(o);
        lastChecked = new Checked(o, m);
    }

    /**
     * Whether these options were just checked (read from a configuration file or flags): their files
     * are known good, and {@link #create} takes what the check read instead of reading them again.
     */
    public static boolean checked(TlsOptions o) {
        Checked c = lastChecked;
        return c != null && c.options.equals(o);
    }

    /** The material the latest {@link #check} read; a start or reload right after it uses it. */
    private static volatile Checked lastChecked;

    private record Checked(TlsOptions options, Material material) {
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
        if (key instanceof java.security.interfaces.RSAPrivateKey rk
                && leaf.getPublicKey() instanceof java.security.interfaces.RSAPublicKey pk) {
            // Go's X509KeyPair compares the modulus; a signature would cost a cold JVM ~100 ms at start.
            if (!rk.getModulus().equals(pk.getModulus())) {
                throw new TlsException("tls: private key does not match public key");
            }
            return;
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
    public SslHandler newHandler() {
        return new SslHandler(newEngine(options.clientCertRequired()));
    }

    /**
     * A new SslHandler for the HTTPS monitoring port: the same certificate and ciphers, never a client
     * certificate (nats-server's monitoring TLS takes none).
     */
    public SslHandler newMonitorHandler() {
        return new SslHandler(newEngine(false));
    }

    /**
     * Runs one handshake in memory against a client engine of our own, so that the first real client
     * does not pay for the JDK's first handshake (a few hundred milliseconds on a cold JVM, which
     * harnesses with a 2 s connect timeout on a busy machine notice). For the thread that builds the
     * context at start; failures only mean no warm-up.
     */
    public void warmUp() {
        try {
            SSLContext client = SSLContext.getInstance("TLS");
            client.init(null, new TrustManager[] {new TrustingAnything()}, null);
            SSLEngine c = client.createSSLEngine("localhost", 4222);
            c.setUseClientMode(true);
            SSLEngine srv = newEngine(false);
            ByteBuffer toServer = ByteBuffer.allocate(c.getSession().getPacketBufferSize());
            ByteBuffer toClient = ByteBuffer.allocate(srv.getSession().getPacketBufferSize());
            ByteBuffer clientApp = ByteBuffer.allocate(c.getSession().getApplicationBufferSize());
            ByteBuffer serverApp = ByteBuffer.allocate(srv.getSession().getApplicationBufferSize());
            ByteBuffer nothing = ByteBuffer.allocate(0);
            c.beginHandshake();
            srv.beginHandshake();
            for (int i = 0; i < 50 && !(idle(c) && idle(srv)); i++) {
                pass(c, toServer, srv, serverApp, nothing);
                pass(srv, toClient, c, clientApp, nothing);
            }
        } catch (GeneralSecurityException | RuntimeException | javax.net.ssl.SSLException e) {
            LOG.debug("TLS warm-up handshake failed: {}", e.toString());
        }
    }

    /** What {@code from} has to send, received by {@code to}. */
    private static void pass(SSLEngine from, ByteBuffer wire, SSLEngine to, ByteBuffer app, ByteBuffer nothing)
            throws javax.net.ssl.SSLException {
        from.wrap(nothing, wire);
        runTasks(from);
        wire.flip();
        to.unwrap(wire, app);
        wire.compact();
        runTasks(to);
    }

    private static boolean idle(SSLEngine e) {
        SSLEngineResult.HandshakeStatus h = e.getHandshakeStatus();
        return h == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING || h == SSLEngineResult.HandshakeStatus.FINISHED;
    }

    private static void runTasks(SSLEngine e) {
        Runnable task;
        while ((task = e.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /** The warm-up client's trust: the server's own certificate, whatever it is. */
    private static final class TrustingAnything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    private SSLEngine newEngine(boolean needClientAuth) {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters p = engine.getSSLParameters();
        p.setProtocols(protocols);
        p.setCipherSuites(ciphers);
        p.setNeedClientAuth(needClientAuth);
        p.setUseCipherSuitesOrder(true); // Go's PreferServerCipherSuites
        if (namedGroups.length > 0 && SET_NAMED_GROUPS != null) {
            try {
                SET_NAMED_GROUPS.invoke(p, (Object) namedGroups);
            } catch (ReflectiveOperationException e) {
                LOG.debug("curve_preferences not applied: {}", e.toString());
            }
        }
        engine.setSSLParameters(p);
        return engine;
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

    /** The one certificate and key of cert_file and key_file, whatever the client asks for. */
    private static final class FixedKeyManager extends X509ExtendedKeyManager {
        private static final String ALIAS = "server";
        private final X509Certificate[] chain;
        private final PrivateKey key;

        FixedKeyManager(X509Certificate[] chain, PrivateKey key) {
            this.chain = chain;
            this.key = key;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return chain.clone();
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return key;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }

    /** Trust for a server that asks for no client certificate: never consulted, trusts nothing. */
    private static final class RefuseAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not requested");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not a client");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
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
