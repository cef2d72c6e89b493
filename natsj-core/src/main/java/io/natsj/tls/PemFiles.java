package io.natsj.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Certificates and private keys from PEM files, with Go's error texts (tls.LoadX509KeyPair,
 * x509.CertPool.AppendCertsFromPEM). The JDK reads only PKCS#8 keys, so PKCS#1 ("RSA PRIVATE KEY")
 * and SEC1 ("EC PRIVATE KEY") keys are wrapped into PKCS#8 here rather than pulling in a crypto library.
 */
final class PemFiles {
    /** One PEM block: its type ("CERTIFICATE", "RSA PRIVATE KEY", ...) and its DER bytes. */
    record Block(String type, byte[] der) {
    }

    private static final byte[] RSA_ENCRYPTION_OID = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
    private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final byte[] DER_NULL = {0x05, 0x00};
    private static final byte[] VERSION_ZERO = {0x02, 0x01, 0x00};

    private PemFiles() {
    }

    /** The certificate chain of cert_file, leaf first. */
    static X509Certificate[] certificateChain(String file) throws TlsException {
        List<Block> blocks = blocks(read(file));
        List<X509Certificate> certs = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Block b : blocks) {
            if (b.type.equals("CERTIFICATE")) {
                certs.add(certificate(b.der, "tls: failed to parse certificate"));
            } else {
                skipped.add(b.type);
            }
        }
        if (certs.isEmpty()) {
            if (skipped.isEmpty()) {
                throw new TlsException("tls: failed to find any PEM data in certificate input");
            }
            throw new TlsException("tls: failed to find \"CERTIFICATE\" PEM block in certificate input after skipping PEM blocks of the following types: "
                    + goList(skipped));
        }
        return certs.toArray(new X509Certificate[0]);
    }

    /** The private key of key_file: the first PEM block whose type ends in "PRIVATE KEY", as Go takes it. */
    static PrivateKey privateKey(String file) throws TlsException {
        List<String> skipped = new ArrayList<>();
        for (Block b : blocks(read(file))) {
            if (b.type.equals("PRIVATE KEY") || b.type.endsWith(" PRIVATE KEY")) {
                return parseKey(b);
            }
            skipped.add(b.type);
        }
        if (skipped.isEmpty()) {
            throw new TlsException("tls: failed to find any PEM data in key input");
        }
        if (skipped.get(0).equals("CERTIFICATE")) {
            throw new TlsException("tls: found a certificate rather than a key in the PEM for the private key");
        }
        throw new TlsException("tls: failed to find PEM block with type ending in \"PRIVATE KEY\" in key input after skipping PEM blocks of the following types: "
                + goList(skipped));
    }

    /** The CAs of ca_file; Go fails only when not one certificate in it parses. */
    static X509Certificate[] caCertificates(String file) throws TlsException {
        byte[] pem;
        try {
            pem = Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            throw new TlsException(openError(file, e)); // Go returns the bare os error here
        }
        List<X509Certificate> certs = new ArrayList<>();
        for (Block b : blocks(pem)) {
            if (b.type.equals("CERTIFICATE")) {
                try {
                    certs.add(certificate(b.der, ""));
                } catch (TlsException e) {
                    // AppendCertsFromPEM skips what does not parse.
                }
            }
        }
        if (certs.isEmpty()) {
            throw new TlsException("failed to parse root ca certificate");
        }
        return certs.toArray(new X509Certificate[0]);
    }

    static byte[] read(String file) throws TlsException {
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            throw new TlsException(openError(file, e));
        }
    }

    /** Go's os.PathError text: {@code open <file>: no such file or directory}. */
    static String openError(String file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return "open " + file + ": no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "open " + file + ": permission denied";
        }
        if (Files.isDirectory(Path.of(file))) {
            return "read " + file + ": is a directory";
        }
        return "open " + file + ": " + e.getMessage();
    }

    /** The PEM blocks of a file, in order; text outside blocks is ignored, as Go's pem.Decode does. */
    static List<Block> blocks(byte[] pem) {
        String text = new String(pem, StandardCharsets.ISO_8859_1);
        List<Block> out = new ArrayList<>();
        int from = 0;
        while (true) {
            int begin = text.indexOf("-----BEGIN ", from);
            if (begin < 0) {
                return out;
            }
            int typeEnd = text.indexOf("-----", begin + 11);
            if (typeEnd < 0) {
                return out;
            }
            String type = text.substring(begin + 11, typeEnd);
            String endMarker = "-----END " + type + "-----";
            int end = text.indexOf(endMarker, typeEnd + 5);
            if (end < 0) {
                return out;
            }
            String body = text.substring(typeEnd + 5, end);
            from = end + endMarker.length();
            if (body.contains(":")) {
                continue; // encrypted PEM (Proc-Type headers): Go's LoadX509KeyPair cannot use it either
            }
            try {
                out.add(new Block(type, Base64.getMimeDecoder().decode(body.trim())));
            } catch (IllegalArgumentException e) {
                // Go's pem.Decode skips a block that does not decode.
            }
        }
    }

    private static X509Certificate certificate(byte[] der, String error) throws TlsException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new TlsException(error);
        }
    }

    private static PrivateKey parseKey(Block b) throws TlsException {
        byte[] pkcs8;
        switch (b.type) {
            case "RSA PRIVATE KEY":
                pkcs8 = seq(VERSION_ZERO, seq(RSA_ENCRYPTION_OID, DER_NULL), tlv(0x04, b.der));
                break;
            case "EC PRIVATE KEY":
                byte[] curve = sec1Curve(b.der);
                if (curve == null) {
                    throw new TlsException("tls: failed to parse private key");
                }
                pkcs8 = seq(VERSION_ZERO, seq(EC_PUBLIC_KEY_OID, curve), tlv(0x04, b.der));
                break;
            default:
                pkcs8 = b.der;
        }
        for (String alg : new String[] {"RSA", "EC", "Ed25519", "RSASSA-PSS"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException | RuntimeException e) {
                // try the next algorithm, as Go tries PKCS#1, PKCS#8 and SEC1 in turn
            }
        }
        throw new TlsException("tls: failed to parse private key");
    }

    /** The named-curve OID (as a whole TLV) in a SEC1 ECPrivateKey's [0] parameters, or null. */
    static byte[] sec1Curve(byte[] der) {
        int[] outer = header(der, 0);
        if (outer == null || der[0] != 0x30) {
            return null;
        }
        int p = outer[0];
        int end = Math.min(der.length, p + outer[1]);
        while (p < end) {
            int[] h = header(der, p);
            if (h == null) {
                return null;
            }
            if ((der[p] & 0xff) == 0xa0) {
                int[] oid = header(der, h[0]);
                if (oid == null || der[h[0]] != 0x06) {
                    return null;
                }
                return java.util.Arrays.copyOfRange(der, h[0], oid[0] + oid[1]);
            }
            p = h[0] + h[1];
        }
        return null;
    }

    /** DER header at {@code p}: {content offset, content length}, or null when malformed. */
    private static int[] header(byte[] der, int p) {
        if (p + 2 > der.length) {
            return null;
        }
        int len = der[p + 1] & 0xff;
        int off = p + 2;
        if (len >= 0x80) {
            int n = len & 0x7f;
            if (n == 0 || n > 3 || off + n > der.length) {
                return null;
            }
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (der[off++] & 0xff);
            }
        }
        return off + len > der.length ? null : new int[] {off, len};
    }

    static byte[] seq(byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            content.writeBytes(p);
        }
        return tlv(0x30, content.toByteArray());
    }

    static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** Go's %v of a []string: {@code [A B]}. */
    private static String goList(List<String> items) {
        return "[" + String.join(" ", items) + "]";
    }
}
