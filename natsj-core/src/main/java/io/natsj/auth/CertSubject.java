package io.natsj.auth;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A certificate's subject as nats-server sees it: the RDN sequence Go's encoding/asn1 reads from the raw
 * subject, the string Go's {@code pkix.Name.ToRDNSequence().String()} makes of it, its domain components,
 * and the DN of nats-server's internal/ldap {@code FromRawCertSubject}.
 */
final class CertSubject {
    /** One attribute: its OID in dotted form and its value when Go reads it as a string, else null. */
    record Atv(String oid, String value) {
    }

    static final String OID_CN = "2.5.4.3";
    static final String OID_SERIALNUMBER = "2.5.4.5";
    static final String OID_C = "2.5.4.6";
    static final String OID_L = "2.5.4.7";
    static final String OID_ST = "2.5.4.8";
    static final String OID_STREET = "2.5.4.9";
    static final String OID_O = "2.5.4.10";
    static final String OID_OU = "2.5.4.11";
    static final String OID_POSTALCODE = "2.5.4.17";
    static final String OID_DC = "0.9.2342.19200300.100.1.25";

    /** The RDNs in the certificate's order (most general first). */
    final List<List<Atv>> rdns;

    CertSubject(List<List<Atv>> rdns) {
        this.rdns = rdns;
    }

    /** The subject of a DER certificate's TBSCertificate, or null if it can't be read. */
    static CertSubject fromTbsCertificate(byte[] tbs) {
        try {
            Der d = new Der(tbs, 0, tbs.length);
            Der seq = d.enter(0x30);
            if (seq.peekTag() == 0xa0) {
                seq.skip();
            }
            seq.skip(); // serialNumber
            seq.skip(); // signature
            seq.skip(); // issuer
            seq.skip(); // validity
            return parseName(seq.enter(0x30));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    static CertSubject parseName(Der name) {
        List<List<Atv>> rdns = new ArrayList<>();
        while (name.hasMore()) {
            Der set = name.enter(0x31);
            List<Atv> rdn = new ArrayList<>();
            while (set.hasMore()) {
                Der atv = set.enter(0x30);
                String oid = atv.oid();
                rdn.add(new Atv(oid, atv.anyString()));
                if (atv.hasMore()) {
                    throw new IllegalArgumentException("trailing data");
                }
            }
            rdns.add(rdn);
        }
        return new CertSubject(rdns);
    }

    /** Go's {@code cert.Subject.ToRDNSequence().String()}: only the named attributes, in Go's order. */
    String goRdnString() {
        String cn = "";
        String serial = "";
        List<String> c = new ArrayList<>();
        List<String> st = new ArrayList<>();
        List<String> l = new ArrayList<>();
        List<String> street = new ArrayList<>();
        List<String> postal = new ArrayList<>();
        List<String> o = new ArrayList<>();
        List<String> ou = new ArrayList<>();
        for (List<Atv> rdn : rdns) {
            for (Atv a : rdn) {
                if (a.value == null) {
                    continue;
                }
                switch (a.oid) {
                    case OID_CN -> cn = a.value;
                    case OID_SERIALNUMBER -> serial = a.value;
                    case OID_C -> c.add(a.value);
                    case OID_L -> l.add(a.value);
                    case OID_ST -> st.add(a.value);
                    case OID_STREET -> street.add(a.value);
                    case OID_O -> o.add(a.value);
                    case OID_OU -> ou.add(a.value);
                    case OID_POSTALCODE -> postal.add(a.value);
                    default -> {
                    }
                }
            }
        }
        // ToRDNSequence's order; String() writes it back to front.
        List<String[]> seq = new ArrayList<>();
        add(seq, "C", c);
        add(seq, "ST", st);
        add(seq, "L", l);
        add(seq, "STREET", street);
        add(seq, "POSTALCODE", postal);
        add(seq, "O", o);
        add(seq, "OU", ou);
        if (!cn.isEmpty()) {
            add(seq, "CN", List.of(cn));
        }
        if (!serial.isEmpty()) {
            add(seq, "SERIALNUMBER", List.of(serial));
        }
        StringBuilder sb = new StringBuilder();
        for (int i = seq.size() - 1; i >= 0; i--) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(seq.get(i)[0]);
        }
        return sb.toString();
    }

    private static void add(List<String[]> seq, String type, List<String> values) {
        if (values.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (String v : values) {
            if (sb.length() > 0) {
                sb.append('+');
            }
            sb.append(type).append('=');
            escape(sb, v);
        }
        seq.add(new String[] {sb.toString()});
    }

    /** pkix's escaping: , + " \ &lt; &gt; ; always, a space first or last, # first. */
    private static void escape(StringBuilder sb, String v) {
        for (int k = 0; k < v.length(); k++) {
            char ch = v.charAt(k);
            boolean esc = switch (ch) {
                case ',', '+', '"', '\\', '<', '>', ';' -> true;
                case ' ' -> k == 0 || k == v.length() - 1;
                case '#' -> k == 0;
                default -> false;
            };
            if (esc) {
                sb.append('\\');
            }
            sb.append(ch);
        }
    }

    /** Whether Go's {@code len(cert.Subject.String()) > 0}. */
    boolean hasSubject() {
        for (List<Atv> rdn : rdns) {
            for (Atv a : rdn) {
                if (!isNamed(a.oid)) {
                    return true; // Name.String() shows other attributes too
                }
            }
        }
        return !goRdnString().isEmpty();
    }

    private static boolean isNamed(String oid) {
        return switch (oid) {
            case OID_CN, OID_SERIALNUMBER, OID_C, OID_L, OID_ST, OID_STREET, OID_O, OID_OU, OID_POSTALCODE -> true;
            default -> false;
        };
    }

    /** nats-server's getTLSAuthDCs: "DC=a,DC=b" in the certificate's order, unescaped. */
    String domainComponents() {
        StringBuilder sb = new StringBuilder();
        for (List<Atv> rdn : rdns) {
            for (Atv a : rdn) {
                if (a.value != null && a.oid.equals(OID_DC)) {
                    if (sb.length() > 0) {
                        sb.append(',');
                    }
                    sb.append("DC=").append(a.value);
                }
            }
        }
        return sb.toString();
    }

    /** internal/ldap's FromRawCertSubject: null where it fails (an attribute it has no name for). */
    LdapDn toLdapDn() {
        List<List<LdapDn.Attr>> out = new ArrayList<>();
        for (int i = rdns.size() - 1; i >= 0; i--) {
            List<Atv> rdn = rdns.get(i);
            if (rdn.isEmpty()) {
                continue;
            }
            List<LdapDn.Attr> attrs = new ArrayList<>();
            for (int j = rdn.size() - 1; j >= 0; j--) {
                Atv a = rdn.get(j);
                String type = LdapDn.typeName(a.oid);
                if (type == null || a.value == null) {
                    return null;
                }
                attrs.add(new LdapDn.Attr(type, LdapDn.bytes(a.value)));
            }
            out.add(attrs);
        }
        return new LdapDn(out);
    }

    /** A minimal DER reader over a byte range. */
    static final class Der {
        private final byte[] b;
        private int pos;
        private final int end;

        Der(byte[] b, int pos, int end) {
            this.b = b;
            this.pos = pos;
            this.end = end;
        }

        boolean hasMore() {
            return pos < end;
        }

        int peekTag() {
            if (pos >= end) {
                throw new IllegalArgumentException("truncated");
            }
            return b[pos] & 0xff;
        }

        /** Reads a TLV header; returns the content's start and sets pos past the content. */
        private int[] next() {
            int tag = peekTag();
            if ((tag & 0x1f) == 0x1f) {
                throw new IllegalArgumentException("high tag number");
            }
            int p = pos + 1;
            if (p >= end) {
                throw new IllegalArgumentException("truncated");
            }
            int len = b[p++] & 0xff;
            if (len >= 0x80) {
                int n = len & 0x7f;
                if (n == 0 || n > 3) {
                    throw new IllegalArgumentException("bad length");
                }
                len = 0;
                for (int i = 0; i < n; i++) {
                    if (p >= end) {
                        throw new IllegalArgumentException("truncated");
                    }
                    len = (len << 8) | (b[p++] & 0xff);
                }
            }
            if (len < 0 || p + len > end) {
                throw new IllegalArgumentException("truncated");
            }
            pos = p + len;
            return new int[] {tag, p, len};
        }

        void skip() {
            next();
        }

        Der enter(int expectedTag) {
            int[] t = next();
            if (t[0] != expectedTag) {
                throw new IllegalArgumentException("unexpected tag");
            }
            return new Der(b, t[1], t[1] + t[2]);
        }

        String oid() {
            int[] t = next();
            if (t[0] != 0x06 || t[2] == 0) {
                throw new IllegalArgumentException("not an OID");
            }
            StringBuilder sb = new StringBuilder();
            long v = 0;
            boolean first = true;
            for (int i = t[1]; i < t[1] + t[2]; i++) {
                v = (v << 7) | (b[i] & 0x7f);
                if ((b[i] & 0x80) == 0) {
                    if (first) {
                        if (v < 80) {
                            sb.append(v / 40).append('.').append(v % 40);
                        } else {
                            sb.append(2).append('.').append(v - 80);
                        }
                        first = false;
                    } else {
                        sb.append('.').append(v);
                    }
                    v = 0;
                }
            }
            return sb.toString();
        }

        /** An ANY value: the string Go's asn1 makes of a string type, else null. */
        String anyString() {
            int[] t = next();
            int off = t[1];
            int len = t[2];
            return switch (t[0]) {
                case 0x13, 0x12, 0x16, 0x14 -> {
                    // Printable, Numeric, IA5: ASCII; T61: Go keeps the raw bytes
                    yield utf8Lenient(off, len);
                }
                case 0x0c -> utf8Lenient(off, len);
                case 0x1e -> bmp(off, len);
                default -> null;
            };
        }

        private String utf8Lenient(int off, int len) {
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, off, len))
                        .toString();
            } catch (CharacterCodingException e) {
                return new String(b, off, len, StandardCharsets.ISO_8859_1);
            }
        }

        private String bmp(int off, int len) {
            if (len % 2 != 0) {
                return null;
            }
            if (len >= 2 && b[off + len - 1] == 0 && b[off + len - 2] == 0) {
                len -= 2;
            }
            return new String(b, off, len, StandardCharsets.UTF_16BE);
        }
    }
}
