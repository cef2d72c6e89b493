package io.natsj.it.support;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Certificates made at test time (none are committed): a CA, server certificates for localhost and
 * 127.0.0.1, client certificates with a chosen CN and e-mail, written as PEM files with the key in
 * the form asked for (PKCS#8, PKCS#1 "RSA PRIVATE KEY" or SEC1 "EC PRIVATE KEY"), and SSLContexts
 * for jnats.
 */
public final class TestCerts {
    /** How a private key is written. */
    public enum KeyForm { PKCS8_RSA, PKCS1_RSA, SEC1_EC, PKCS8_EC }

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A certificate, its key and where they were written. */
    public record Issued(X509Certificate cert, PrivateKey key, Path certFile, Path keyFile, X509Certificate issuer) {
    }

    private final Path dir;
    private final String name;
    private final KeyPair caKeys;
    private final X509Certificate ca;
    private final Path caFile;

    private TestCerts(Path dir, String name) {
        this.dir = dir;
        this.name = name;
        this.caKeys = rsa();
        this.ca = sign(new X500Name("CN=" + name), caKeys, new X500Name("CN=" + name), caKeys.getPrivate(), true, null);
        this.caFile = write(dir.resolve(name + "-ca.pem"), pem(ca));
    }

    /** A new CA whose files go into {@code dir}. */
    public static TestCerts newCa(Path dir, String name) {
        return new TestCerts(dir, name);
    }

    public Path caFile() {
        return caFile;
    }

    public X509Certificate ca() {
        return ca;
    }

    /** A server certificate for localhost and 127.0.0.1. */
    public Issued server(String file, KeyForm form) {
        KeyPair kp = form == KeyForm.SEC1_EC || form == KeyForm.PKCS8_EC ? ec() : rsa();
        GeneralNames sans = new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")});
        X509Certificate c = sign(new X500Name("CN=localhost"), kp, new X500Name("CN=" + name), caKeys.getPrivate(), false, sans);
        return issue(file, c, kp, form);
    }

    /** A client certificate with this CN and (if not null) e-mail address. */
    public Issued client(String file, String cn, String email) {
        KeyPair kp = rsa();
        X500NameBuilder nb = new X500NameBuilder(BCStyle.INSTANCE);
        if (email != null) {
            nb.addRDN(BCStyle.EmailAddress, email);
        }
        nb.addRDN(BCStyle.CN, cn);
        GeneralNames sans = email == null ? null : new GeneralNames(new GeneralName(GeneralName.rfc822Name, email));
        X509Certificate c = sign(nb.build(), kp, new X500Name("CN=" + name), caKeys.getPrivate(), false, sans);
        return issue(file, c, kp, KeyForm.PKCS8_RSA);
    }

    private Issued issue(String file, X509Certificate c, KeyPair kp, KeyForm form) {
        Path certFile = write(dir.resolve(file + "-cert.pem"), pem(c));
        Path keyFile = write(dir.resolve(file + "-key.pem"), keyPem(kp.getPrivate(), form));
        return new Issued(c, kp.getPrivate(), certFile, keyFile, ca);
    }

    /** A jnats SSLContext trusting this CA, presenting {@code client} when not null. */
    public SSLContext clientContext(Issued client) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (client != null) {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                char[] pw = "test".toCharArray();
                ks.setKeyEntry("client", client.key(), pw, new X509Certificate[] {client.cert(), client.issuer()});
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, pw);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(X500Name subject, KeyPair subjectKeys, X500Name issuer, PrivateKey issuerKey,
            boolean isCa, GeneralNames sans) {
        try {
            Date from = new Date(System.currentTimeMillis() - 3_600_000L);
            Date to = new Date(System.currentTimeMillis() + 86_400_000L);
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                    from, to, subject, subjectKeys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
            if (isCa) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            }
            if (sans != null) {
                b.addExtension(Extension.subjectAlternativeName, false, sans);
            }
            String alg = issuerKey.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(alg).build(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair ec() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(Object o) {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(new JcaMiscPEMGenerator(o));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sw.toString();
    }

    /** The key as PEM in the given form: PKCS#8 as the JDK encodes it, or its inner PKCS#1 / SEC1 structure. */
    private static String keyPem(PrivateKey key, KeyForm form) {
        byte[] pkcs8 = key.getEncoded();
        try {
            switch (form) {
                case PKCS1_RSA:
                    return pemBlock("RSA PRIVATE KEY", PrivateKeyInfo.getInstance(pkcs8).parsePrivateKey().toASN1Primitive().getEncoded());
                case SEC1_EC:
                    return pemBlock("EC PRIVATE KEY", sec1WithCurve(pkcs8));
                default:
                    return pemBlock("PRIVATE KEY", pkcs8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SEC1 as openssl writes it: with the curve's OID in [0] (the JDK's PKCS#8 leaves it out). */
    private static byte[] sec1WithCurve(byte[] pkcs8) throws IOException {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(pkcs8);
        org.bouncycastle.asn1.sec.ECPrivateKey inner = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
        org.bouncycastle.asn1.ASN1Primitive curve = info.getPrivateKeyAlgorithm().getParameters().toASN1Primitive();
        return new org.bouncycastle.asn1.sec.ECPrivateKey(256, inner.getKey(), inner.getPublicKey(), curve).getEncoded();
    }

    private static String pemBlock(String type, byte[] der) {
        StringWriter sw = new StringWriter();
        try (org.bouncycastle.util.io.pem.PemWriter w = new org.bouncycastle.util.io.pem.PemWriter(sw)) {
            w.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sw.toString();
    }

    private static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
