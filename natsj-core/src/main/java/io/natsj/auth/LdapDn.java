package io.natsj.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A distinguished name as nats-server's internal/ldap package (from go-ldap) parses and compares it:
 * RDNs in written order (most specific first), attribute types compared without case, values byte for
 * byte. Values are kept as bytes because escapes such as {@code \C3\A9} produce arbitrary bytes.
 */
final class LdapDn {
    record Attr(String type, byte[] value) {
        boolean matches(Attr other) {
            return type.equalsIgnoreCase(other.type) && Arrays.equals(value, other.value);
        }
    }

    final List<List<Attr>> rdns;

    LdapDn(List<List<Attr>> rdns) {
        this.rdns = rdns;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** internal/ldap's attributeTypeNames: the only attributes FromRawCertSubject accepts. */
    static String typeName(String oid) {
        return switch (oid) {
            case "2.5.4.3" -> "CN";
            case "2.5.4.5" -> "SERIALNUMBER";
            case "2.5.4.6" -> "C";
            case "2.5.4.7" -> "L";
            case "2.5.4.8" -> "ST";
            case "2.5.4.9" -> "STREET";
            case "2.5.4.10" -> "O";
            case "2.5.4.11" -> "OU";
            case "2.5.4.17" -> "POSTALCODE";
            case "0.9.2342.19200300.100.1.25" -> "DC";
            default -> null;
        };
    }

    /** ldap.ParseDN, quirks included; null where it returns an error. */
    static LdapDn parse(String str) {
        byte[] s = bytes(str);
        List<List<Attr>> rdns = new ArrayList<>();
        List<Attr> rdn = new ArrayList<>();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        String type = "";
        boolean escaping = false;
        int[] trailingSpaces = {0};
        for (int i = 0; i < s.length; i++) {
            byte ch = s[i];
            if (escaping) {
                trailingSpaces[0] = 0;
                escaping = false;
                switch (ch) {
                    case ' ', '"', '#', '+', ',', ';', '<', '=', '>', '\\' -> {
                        buffer.write(ch);
                        continue;
                    }
                    default -> {
                    }
                }
                if (s.length == i + 1) {
                    return null; // "got corrupted escaped character"
                }
                int hi = Character.digit(s[i] & 0xff, 16);
                int lo = Character.digit(s[i + 1] & 0xff, 16);
                if (hi < 0 || lo < 0 || (s[i] & 0xff) > 0x7f || (s[i + 1] & 0xff) > 0x7f) {
                    return null; // "failed to decode escaped character"
                }
                buffer.write(hi << 4 | lo);
                i++;
            } else if (ch == '\\') {
                trailingSpaces[0] = 0;
                escaping = true;
            } else if (ch == '=') {
                type = new String(take(buffer, trailingSpaces), StandardCharsets.UTF_8);
                if (s.length > i + 1 && s[i + 1] == '#') {
                    return null; // "unsupported BER encoding"
                }
            } else if (ch == ',' || ch == '+') {
                if (type.isEmpty()) {
                    return null; // "incomplete type, value pair"
                }
                rdn.add(new Attr(type, take(buffer, trailingSpaces)));
                type = "";
                if (ch == ',') {
                    rdns.add(rdn);
                    rdn = new ArrayList<>();
                }
            } else if (ch == ' ' && buffer.size() == 0) {
                continue; // leading spaces
            } else {
                if (ch == ' ') {
                    trailingSpaces[0]++;
                } else {
                    trailingSpaces[0] = 0;
                }
                buffer.write(ch);
            }
        }
        if (buffer.size() > 0) {
            if (type.isEmpty()) {
                return null; // "DN ended with incomplete type, value pair"
            }
            rdn.add(new Attr(type, take(buffer, trailingSpaces)));
            rdns.add(rdn);
        }
        return new LdapDn(rdns);
    }

    private static byte[] take(ByteArrayOutputStream buffer, int[] trailingSpaces) {
        byte[] b = buffer.toByteArray();
        byte[] s = Arrays.copyOf(b, b.length - trailingSpaces[0]);
        buffer.reset();
        trailingSpaces[0] = 0;
        return s;
    }

    /** DN.Equal: as many RDNs, and equal RDNs position by position. */
    boolean isEqual(LdapDn other) {
        if (rdns.size() != other.rdns.size()) {
            return false;
        }
        for (int i = 0; i < rdns.size(); i++) {
            if (!rdnEqual(rdns.get(i), other.rdns.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** DN.RDNsMatch: as many RDNs, and each of this DN's RDNs is somewhere in the other's. */
    boolean rdnsMatch(LdapDn other) {
        if (rdns.size() != other.rdns.size()) {
            return false;
        }
        next:
        for (List<Attr> mine : rdns) {
            for (List<Attr> theirs : other.rdns) {
                if (rdnEqual(mine, theirs)) {
                    continue next;
                }
            }
            return false;
        }
        return true;
    }

    private static boolean rdnEqual(List<Attr> a, List<Attr> b) {
        return a.size() == b.size() && hasAll(a, b) && hasAll(b, a);
    }

    private static boolean hasAll(List<Attr> mine, List<Attr> attrs) {
        for (Attr attr : attrs) {
            boolean found = false;
            for (Attr m : mine) {
                if (m.matches(attr)) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }
}
