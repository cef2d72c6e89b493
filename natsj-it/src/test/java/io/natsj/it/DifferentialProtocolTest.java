package io.natsj.it;

import static io.natsj.it.DiffCase.exchange;
import static io.natsj.it.DiffCase.scenario;
import static io.natsj.it.DiffCase.untilClosed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.natsj.it.support.Limits;
import io.natsj.it.support.RawClient;
import io.natsj.it.support.ServerKind;
import io.natsj.it.support.ServerPool;
import io.natsj.it.support.Session;
import io.natsj.it.support.TestServer;
import io.natsj.it.support.Transcript;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Plays the same bytes to natsj and to the Go nats-server 2.9 and requires the same answer:
 * the same frames (INFO normalised, see {@link Transcript}) and the same open/closed state.
 * Every row first runs against Go; the row's {@code goShows} guards that it tests what it says.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DifferentialProtocolTest {

    /** Limits of the servers most rows run against: small enough to hit from a raw client. */
    static final Limits TABLE_LIMITS = Limits.DEFAULTS.maxPayload(100).maxControlLine(256).maxSubscriptions(3);

    /** A short ping interval, for the liveness rows. */
    static final Limits LIVENESS_LIMITS = TABLE_LIMITS.pingInterval(Duration.ofMillis(400)).maxPingsOut(2);

    /** CONNECT without +OK acknowledgements and without subject checks on PUB. */
    static final String QUIET = "CONNECT {\"verbose\":false,\"pedantic\":false}\r\n";
    static final String PEDANTIC = "CONNECT {\"verbose\":false,\"pedantic\":true}\r\n";
    static final String HEADERS = "CONNECT {\"verbose\":false,\"pedantic\":false,\"headers\":true}\r\n";
    static final String HEADERS_NO_RESPONDERS = "CONNECT {\"verbose\":false,\"pedantic\":false,\"headers\":true,\"no_responders\":true}\r\n";

    static final String HDR = "NATS/1.0\r\nA: 1\r\nB: two\r\n\r\n";

    // Queue groups are shared by every connection of a server, and a connection of an earlier row may
    // not be gone yet when the next row publishes: each row that delivers to a queue group uses its own.
    static Stream<DiffCase> cases() {
        return Stream.of(
                // --- greeting -------------------------------------------------------------------
                scenario("greeting INFO (normalised) is the same", s -> {
                    s.keepGreetings();
                    s.open("c").ping();
                }).goShows("INFO {", "\"headers\":true", "\"max_payload\":100", "\"proto\":1"),

                // --- unknown operations -----------------------------------------------------------
                exchange("unknown op FOO", QUIET + "FOO\r\n").goShows("-ERR 'Unknown Protocol Operation'").goCloses(),
                exchange("unknown op FOO before CONNECT", "FOO bar\r\n").goShows("-ERR 'Unknown Protocol Operation'").goCloses(),
                exchange("route op RMSG from a client", QUIET + "RMSG $G foo 2\r\nhi\r\n").goShows("-ERR 'Unknown Protocol Operation'").goCloses(),
                exchange("route op RS+ from a client", QUIET + "RS+ $G foo\r\n").goCloses(),
                exchange("leaf op LS+ from a client", QUIET + "LS+ $G foo\r\n").goShows("-ERR 'Unknown Protocol Operation'").goCloses(),
                exchange("leaf op LMSG from a client", QUIET + "LMSG foo 2\r\nhi\r\n").goCloses(),
                exchange("account op A+ from a client", QUIET + "A+ foo\r\n").goShows("-ERR 'Unknown Protocol Operation'").goCloses(),
                exchange("MSG from a client", QUIET + "MSG foo 1 2\r\nhi\r\n").goShows("-ERR 'Unknown Protocol Operation'").goCloses(),
                exchange("HMSG from a client", HEADERS + "HMSG foo 1 12 12\r\nNATS/1.0\r\n\r\n\r\n").goCloses(),
                exchange("+OK from a client", QUIET + "+OK\r\n").goStaysOpen(),
                exchange("-ERR from a client", QUIET + "-ERR 'oops'\r\n").goCloses(),
                exchange("INFO from a client", QUIET + "INFO {}\r\n").goStaysOpen(),
                exchange("PUBX (op name continues)", QUIET + "PUBX foo 2\r\nhi\r\n").goCloses(),
                exchange("empty line", QUIET + "\r\n").goShows("-ERR 'Unknown Protocol Operation'").goCloses(),

                // --- PUB sizes --------------------------------------------------------------------
                exchange("PUB negative size", QUIET + "PUB foo -1\r\n").goCloses(),
                exchange("PUB non-numeric size", QUIET + "PUB foo abc\r\n").goCloses(),
                exchange("PUB missing size", QUIET + "PUB foo\r\n").goCloses(),
                exchange("PUB no arguments", QUIET + "PUB\r\n").goCloses(),
                exchange("PUB size overflowing int64", QUIET + "PUB foo 99999999999999999999\r\n").goCloses(),
                exchange("PUB size Long.MAX_VALUE", QUIET + "PUB foo 9223372036854775807\r\n").goCloses(),
                exchange("PUB size with plus sign", QUIET + "PUB foo +2\r\nhi\r\n").goCloses(),
                exchange("PUB too many arguments", QUIET + "PUB foo bar baz 2\r\nhi\r\n").goCloses(),
                exchange("PUB with reply", QUIET + "SUB foo 1\r\nPUB foo bar 2\r\nhi\r\n").goShows("MSG foo 1 bar 2\\r\\nhi\\r\\n"),
                exchange("PUB zero-length payload", QUIET + "SUB foo 1\r\nPUB foo 0\r\n\r\n").goShows("MSG foo 1 0\\r\\n\\r\\n"),

                // --- max_payload --------------------------------------------------------------------
                exchange("PUB payload one over max_payload", QUIET + "PUB foo 101\r\n" + "x".repeat(101) + "\r\n")
                        .goShows("-ERR 'Maximum Payload Violation'").goCloses(),
                exchange("PUB payload exactly max_payload", QUIET + "SUB foo 1\r\nPUB foo 100\r\n" + "x".repeat(100) + "\r\n")
                        .goShows("MSG foo 1 100").goStaysOpen(),
                exchange("PUB announcing a huge size without payload", QUIET + "PUB foo 1000000\r\n")
                        .goShows("-ERR 'Maximum Payload Violation'").goCloses(),

                // --- payload framing ----------------------------------------------------------------
                exchange("payload followed by junk instead of CRLF", QUIET + "PUB foo 2\r\nhiX\r\n").goCloses(),
                exchange("payload followed by LF only", QUIET + "SUB foo 1\r\nPUB foo 2\r\nhi\n").goCloses(),
                exchange("payload longer than announced", QUIET + "PUB foo 2\r\nhello\r\n").goCloses(),
                exchange("payload containing CRLF", QUIET + "SUB foo 1\r\nPUB foo 6\r\na\r\nb\r\n\r\n").goShows("MSG foo 1 6"),

                // --- max_control_line (256) ----------------------------------------------------------
                exchange("control line over max (complete line)", QUIET + "PUB " + "s".repeat(300) + " 0\r\n\r\n")
                        .goShows("-ERR 'maximum control line exceeded'").goCloses(),
                exchange("SUB control line over max", QUIET + "SUB " + "s".repeat(300) + " 1\r\n").goCloses(),
                exchange("control line argument of exactly max (256)", QUIET + "PUB " + "s".repeat(254) + " 0\r\n\r\n").goStaysOpen(),
                exchange("control line argument of max+1 (257)", QUIET + "PUB " + "s".repeat(255) + " 0\r\n\r\n").goCloses(),
                untilClosed("control line over max without newline (incomplete)", QUIET + "PUB " + "s".repeat(300), Duration.ofSeconds(3))
                        .goShows("-ERR 'maximum control line exceeded'").goCloses(),
                untilClosed("incomplete control line under max stays open", QUIET + "PUB foo", Duration.ofMillis(700)).goStaysOpen(),
                untilClosed("CONNECT over max without newline", "CONNECT {\"name\":\"" + "n".repeat(300), Duration.ofSeconds(3)).goCloses(),

                // --- SUB subjects -------------------------------------------------------------------
                exchange("SUB foo..bar", QUIET + "SUB foo..bar 1\r\n").goShows("-ERR 'Invalid Subject'").goStaysOpen(),
                exchange("SUB foo.>.bar", QUIET + "SUB foo.>.bar 1\r\n").goShows("-ERR 'Invalid Subject'").goStaysOpen(),
                exchange("SUB .foo", QUIET + "SUB .foo 1\r\n").goShows("-ERR 'Invalid Subject'").goStaysOpen(),
                exchange("SUB foo.", QUIET + "SUB foo. 1\r\n").goShows("-ERR 'Invalid Subject'").goStaysOpen(),
                exchange("SUB *bar (wildcard char inside a token is a literal)", QUIET + "SUB *bar 1\r\nPUB *bar 2\r\nhi\r\n").goStaysOpen(),
                exchange("SUB foo.*bar.> (literal and wildcards)", QUIET + "SUB foo.*bar.> 1\r\nPUB foo.*bar.x 2\r\nhi\r\n").goStaysOpen(),
                exchange("SUB foo..bar with queue", QUIET + "SUB foo..bar q 1\r\n").goShows("-ERR 'Invalid Subject'").goStaysOpen(),
                exchange("SUB valid subject, odd queue name", QUIET + "SUB foo q.* 1\r\n").goStaysOpen(),
                exchange("SUB then PUB to the invalid subject is not delivered", QUIET + "SUB foo..bar 1\r\nPUB foo..bar 2\r\nhi\r\n").goStaysOpen(),
                exchange("SUB too few arguments", QUIET + "SUB foo\r\n").goCloses(),
                exchange("SUB no arguments", QUIET + "SUB\r\n").goCloses(),
                exchange("SUB too many arguments", QUIET + "SUB foo q 1 extra\r\n").goCloses(),
                exchange("SUB duplicate sid", QUIET + "SUB foo 1\r\nSUB bar 1\r\nPUB foo 1\r\na\r\nPUB bar 1\r\nb\r\n").goStaysOpen(),

                // --- pedantic -----------------------------------------------------------------------
                exchange("pedantic PUB to foo.* (error, still delivered)", PEDANTIC + "SUB foo.* 1\r\nPUB foo.* 2\r\nhi\r\n")
                        .goShows("-ERR 'Invalid Publish Subject'", "MSG foo.* 1 2").goStaysOpen(),
                exchange("pedantic PUB to foo.>", PEDANTIC + "SUB foo.> 1\r\nPUB foo.> 2\r\nhi\r\n").goShows("-ERR 'Invalid Publish Subject'"),
                exchange("pedantic PUB to foo..bar", PEDANTIC + "PUB foo..bar 2\r\nhi\r\n").goStaysOpen(),
                exchange("non-pedantic PUB to foo.*", QUIET + "SUB foo.* 1\r\nPUB foo.* 2\r\nhi\r\n").goShows("MSG foo.* 1 2"),
                exchange("pedantic by default (CONNECT without pedantic)", "CONNECT {\"verbose\":false}\r\nSUB > 1\r\nPUB a.* 2\r\nhi\r\n").goStaysOpen(),

                // --- CONNECT ------------------------------------------------------------------------
                exchange("CONNECT bad JSON", "CONNECT {bad\r\n").goCloses(),
                exchange("CONNECT no argument", "CONNECT\r\n").goCloses(),
                exchange("CONNECT JSON array", "CONNECT []\r\n").goCloses(),
                exchange("CONNECT wrong type for verbose", "CONNECT {\"verbose\":\"yes\"}\r\n").goCloses(),
                exchange("CONNECT unknown fields ignored", "CONNECT {\"verbose\":false,\"whatever\":{\"x\":[1,2]}}\r\n").goStaysOpen(),
                exchange("CONNECT protocol 2", "CONNECT {\"verbose\":false,\"protocol\":2}\r\n").goShows("-ERR 'invalid client protocol'").goCloses(),
                exchange("CONNECT protocol -1", "CONNECT {\"verbose\":false,\"protocol\":-1}\r\n").goCloses(),
                exchange("CONNECT no_responders without headers", "CONNECT {\"verbose\":false,\"no_responders\":true}\r\n")
                        .goShows("-ERR 'no responders requires headers support'").goCloses(),
                exchange("CONNECT JSON keys are case-insensitive (Go's encoding/json)", "CONNECT {\"VERBOSE\":false,\"Pedantic\":false}\r\nSUB foo 1\r\n"),
                exchange("CONNECT duplicate key: last wins", "CONNECT {\"verbose\":true,\"verbose\":false}\r\nSUB foo 1\r\n"),
                exchange("CONNECT null", "CONNECT null\r\nSUB foo 1\r\n"),
                exchange("CONNECT with text after the JSON", "CONNECT {\"verbose\":false} xyz\r\n"),
                exchange("CONNECT number for a boolean", "CONNECT {\"verbose\":0}\r\n"),
                exchange("CONNECT headers as a string", "CONNECT {\"verbose\":false,\"headers\":\"true\"}\r\n"),
                exchange("CONNECT with credentials on a server without auth", "CONNECT {\"verbose\":false,\"user\":\"u\",\"pass\":\"p\",\"auth_token\":\"t\"}\r\n").goStaysOpen(),
                exchange("CONNECT as jnats sends it", "CONNECT {\"lang\":\"java\",\"version\":\"2.26.2\",\"protocol\":1,\"verbose\":false,\"pedantic\":false,"
                        + "\"tls_required\":false,\"echo\":true,\"headers\":true,\"no_responders\":true}\r\nSUB foo 1\r\nPUB foo 2\r\nhi\r\n").goShows("MSG foo 1 2"),
                exchange("CONNECT twice", QUIET + QUIET + "SUB foo 1\r\n").goStaysOpen(),
                exchange("CONNECT with trailing spaces and tabs", "CONNECT \t {\"verbose\":false} \t\r\n").goStaysOpen(),

                // --- verbose ------------------------------------------------------------------------
                exchange("verbose by default (CONNECT {})", "CONNECT {}\r\nSUB foo 1\r\nPUB foo 2\r\nhi\r\nUNSUB 1\r\n").goShows("+OK"),
                exchange("verbose true: +OK after every op", "CONNECT {\"verbose\":true}\r\nSUB foo 1\r\nPUB foo 2\r\nhi\r\nUNSUB 1\r\nPONG\r\n").goShows("+OK"),
                exchange("verbose with an error", "CONNECT {\"verbose\":true}\r\nSUB foo..bar 1\r\nSUB foo 2\r\n").goShows("-ERR 'Invalid Subject'", "+OK"),
                exchange("verbose false: no +OK", QUIET + "SUB foo 1\r\nPUB foo 2\r\nhi\r\nUNSUB 1\r\n"),

                // --- ops before CONNECT --------------------------------------------------------------
                exchange("SUB and PUB before CONNECT", "SUB foo 1\r\nPUB foo 2\r\nhi\r\n"),
                exchange("PING before CONNECT", "PING\r\n"),

                // --- PING/PONG ----------------------------------------------------------------------
                exchange("PING with trailing text", QUIET + "PING foo bar\r\n"),
                exchange("PONG with trailing text", QUIET + "PONG whatever\r\n"),
                exchange("PINGX", QUIET + "PINGX\r\n"),
                exchange("PING with leading spaces", QUIET + "  PING\r\n"),

                // --- case, separators, line endings ----------------------------------------------
                exchange("lower-case ops", "connect {\"verbose\":false}\r\nsub foo 1\r\npub foo 2\r\nhi\r\nunsub 1\r\nping\r\n").goShows("MSG foo 1 2"),
                exchange("mixed-case ops", "CoNnEcT {\"verbose\":false}\r\nSuB foo 1\r\nPuB foo 2\r\nhi\r\nPiNg\r\n").goShows("MSG foo 1 2"),
                exchange("subjects are case-sensitive", QUIET + "SUB foo 1\r\nPUB FOO 2\r\nhi\r\nPUB foo 2\r\nho\r\n"),
                exchange("tabs as separators", QUIET + "SUB\tfoo\t1\r\nPUB\tfoo\t2\r\nhi\r\n").goShows("MSG foo 1 2"),
                exchange("runs of spaces and tabs", QUIET + "SUB  \t foo \t\t 1  \r\nPUB \t foo  \t 2 \t\r\nhi\r\n").goShows("MSG foo 1 2"),
                exchange("LF-only line endings", "CONNECT {\"verbose\":false}\nSUB foo 1\nPUB foo 2\nhi\r\nPING\n").goShows("MSG foo 1 2"),

                // --- UNSUB ---------------------------------------------------------------------------
                exchange("UNSUB non-numeric max (Go: plain UNSUB)", QUIET + "SUB foo 1\r\nUNSUB 1 abc\r\nPUB foo 1\r\na\r\n").goStaysOpen().goLacks("MSG"),
                exchange("UNSUB negative max", QUIET + "SUB foo 1\r\nUNSUB 1 -1\r\nPUB foo 1\r\na\r\n"),
                exchange("UNSUB no arguments", QUIET + "UNSUB\r\n").goCloses(),
                exchange("UNSUB too many arguments", QUIET + "SUB foo 1\r\nUNSUB 1 2 3\r\n").goCloses(),
                exchange("UNSUB unknown sid", QUIET + "UNSUB 42\r\n").goStaysOpen(),
                exchange("UNSUB max 0", QUIET + "SUB foo 1\r\nUNSUB 1 0\r\nPUB foo 1\r\na\r\n"),
                exchange("UNSUB max 2: auto-unsubscribe after two messages",
                        QUIET + "SUB foo 1\r\nUNSUB 1 2\r\nPUB foo 1\r\na\r\nPUB foo 1\r\nb\r\nPUB foo 1\r\nc\r\n").goShows("MSG foo 1 1\\r\\nb"),
                exchange("UNSUB max below already delivered count",
                        QUIET + "SUB foo 1\r\nPUB foo 1\r\na\r\nPUB foo 1\r\nb\r\nPING\r\nUNSUB 1 1\r\nPUB foo 1\r\nc\r\n"),

                // --- max_subscriptions (3) -----------------------------------------------------------
                exchange("max_subscriptions exceeded", QUIET + "SUB a 1\r\nSUB b 2\r\nSUB c 3\r\nSUB d 4\r\nPUB d 1\r\nx\r\nPUB c 1\r\ny\r\n")
                        .goShows("-ERR 'maximum subscriptions exceeded'").goStaysOpen(),
                exchange("max_subscriptions counts live subscriptions", QUIET + "SUB a 1\r\nSUB b 2\r\nSUB c 3\r\nUNSUB 1\r\nSUB d 4\r\nPUB d 1\r\nx\r\n"),

                // --- max_connections (2) -----------------------------------------------------------
                scenario("max_connections exceeded", s -> {
                    s.keepGreetings();
                    s.open("a").send(QUIET).ping();
                    s.open("b").send(QUIET).ping();
                    RawClient c = s.open("c");
                    c.send(QUIET).ping();
                    c.awaitClosed(RawClient.DEFAULT_WAIT);
                }).limits(TABLE_LIMITS.maxConnections(2)).goShows("[c] -ERR 'maximum connections exceeded'"),

                // --- headers ------------------------------------------------------------------------
                exchange("HPUB without headers negotiated", QUIET + hpub("foo", HDR, "hi")).goCloses(),
                exchange("HPUB before CONNECT", hpub("foo", HDR, "hi")).goCloses(),
                exchange("HPUB hdrlen > totlen", HEADERS + "HPUB foo 20 10\r\n" + "x".repeat(10) + "\r\n").goCloses(),
                exchange("HPUB hdrlen == totlen (no payload)", HEADERS + "SUB foo 1\r\n" + hpub("foo", HDR, "")).goShows("HMSG foo 1"),
                exchange("HPUB headers count against max_payload", HEADERS + hpub("foo", "NATS/1.0\r\nK: " + "v".repeat(30) + "\r\n\r\n", "p".repeat(70)))
                        .goShows("-ERR 'Maximum Payload Violation'").goCloses(),
                exchange("HPUB total exactly max_payload", HEADERS + "SUB foo 1\r\n" + hpub("foo", "NATS/1.0\r\nK: " + "v".repeat(30) + "\r\n\r\n", "p".repeat(100 - 47)))
                        .goShows("HMSG foo 1 47 100"),
                exchange("HPUB missing sizes", HEADERS + "HPUB foo 12\r\n").goCloses(),
                exchange("HPUB negative hdrlen", HEADERS + "HPUB foo -1 10\r\n").goCloses(),
                exchange("HPUB round trip with reply", HEADERS + "SUB foo 1\r\n" + hpub("foo rep", HDR, "hi")).goShows("HMSG foo 1 rep"),
                exchange("HPUB header block not starting with NATS/1.0", HEADERS + "SUB foo 1\r\nHPUB foo 6 8\r\nXY\r\n\r\nhi\r\n"),
                scenario("HPUB to a subscriber without headers: MSG with headers stripped", s -> {
                    RawClient sub = s.open("sub");
                    sub.send(QUIET + "SUB foo 1\r\n").ping();
                    s.open("pub").send(HEADERS + hpub("foo", HDR, "hi")).ping();
                    sub.ping();
                }).goShows("[sub] MSG foo 1 2\\r\\nhi"),
                scenario("PUB to a subscriber with headers: plain MSG", s -> {
                    RawClient sub = s.open("sub");
                    sub.send(HEADERS + "SUB foo 1\r\n").ping();
                    s.open("pub").send(QUIET + "PUB foo 2\r\nhi\r\n").ping();
                    sub.ping();
                }).goShows("[sub] MSG foo 1 2"),

                // --- no responders --------------------------------------------------------------------
                exchange("no responders: 503 HMSG to the requester", HEADERS_NO_RESPONDERS + "SUB _INBOX.r 1\r\nPUB nobody _INBOX.r 2\r\nhi\r\n")
                        .goShows("HMSG _INBOX.r 1 16 16\\r\\nNATS/1.0 503\\r\\n\\r\\n\\r\\n"),
                exchange("no responders with HPUB", HEADERS_NO_RESPONDERS + "SUB _INBOX.r 1\r\n" + hpub("nobody _INBOX.r", HDR, "hi")).goShows("503"),
                exchange("no responders: none when someone listens", HEADERS_NO_RESPONDERS + "SUB svc 2\r\nSUB _INBOX.r 1\r\nPUB svc _INBOX.r 2\r\nhi\r\n"),
                exchange("no responders: none without reply subject", HEADERS_NO_RESPONDERS + "SUB _INBOX.r 1\r\nPUB nobody 2\r\nhi\r\n"),
                exchange("no responders: none when reply has no subscription of the publisher",
                        HEADERS_NO_RESPONDERS + "PUB nobody _INBOX.r 2\r\nhi\r\n"),
                exchange("no responders: none when only a queue group listens", HEADERS_NO_RESPONDERS + "SUB svc q.no.responders 2\r\nSUB _INBOX.r 1\r\nPUB svc _INBOX.r 2\r\nhi\r\n")
                        .goLacks("503"),
                exchange("no responders: own echo-less subscription does not count", "CONNECT {\"verbose\":false,\"headers\":true,\"no_responders\":true,\"echo\":false}\r\n"
                        + "SUB svc 2\r\nSUB _INBOX.r 1\r\nPUB svc _INBOX.r 2\r\nhi\r\n"),
                exchange("no responders: only headers, no no_responders flag", HEADERS + "SUB _INBOX.r 1\r\nPUB nobody _INBOX.r 2\r\nhi\r\n"),

                // --- delivery ---------------------------------------------------------------------
                scenario("SUB on one connection, PUB on another", s -> {
                    RawClient sub = s.open("sub");
                    sub.send(QUIET + "SUB foo 7\r\nSUB bar q.delivery 8\r\n").ping();
                    s.open("pub").send(QUIET + "PUB foo 5\r\nhello\r\nPUB bar r.1 3\r\nabc\r\nPUB baz 1\r\nz\r\n").ping();
                    sub.ping();
                }).goShows("[sub] MSG foo 7 5\\r\\nhello", "[sub] MSG bar 8 r.1 3"),
                scenario("wildcards * and > on separate connections", s -> {
                    RawClient star = s.open("star");
                    star.send(QUIET + "SUB foo.* 1\r\n").ping();
                    RawClient gt = s.open("gt");
                    gt.send(QUIET + "SUB foo.> 1\r\n").ping();
                    s.open("pub").send(QUIET + "PUB foo.a 1\r\n1\r\nPUB foo.a.b 1\r\n2\r\nPUB foo 1\r\n3\r\n").ping();
                    star.ping();
                    gt.ping();
                }).goShows("[gt] MSG foo.a.b 1 1"),
                exchange("sid need not be numeric", QUIET + "SUB foo abc.1 \r\nPUB foo 2\r\nhi\r\n").goShows("MSG foo abc.1 2"),
                exchange("UTF-8 subject", QUIET + "SUB f\u00c3\u00b6\u00c3\u00b6.* 1\r\nPUB f\u00c3\u00b6\u00c3\u00b6.x 2\r\nhi\r\n").goShows("MSG f"),
                scenario("two sids on the same subject (order is Go-map random: compared unordered)", s -> {
                    s.unordered();
                    RawClient c = s.open("c");
                    c.send(QUIET + "SUB foo 1\r\nSUB foo 2\r\nSUB f* 3\r\nSUB foo.* 4\r\nPUB foo 2\r\nhi\r\n").ping();
                }).goShows("MSG foo 1 2", "MSG foo 2 2").goLacks("MSG foo 3", "MSG foo 4"),
                exchange("plain and queue subscription on one connection", QUIET + "SUB foo 1\r\nSUB foo q.plain.and.queue 2\r\nPUB foo 2\r\nhi\r\n"),
                exchange("PUB to _GR_. prefix", QUIET + "SUB > 1\r\nPUB _GR_.x.y 2\r\nhi\r\n"),
                exchange("PUB with reply _R_.", QUIET + "SUB > 1\r\nPUB foo _R_.abc 2\r\nhi\r\n"),
                exchange("PUB with reply exactly _R_. (reserved too)", QUIET + "SUB > 1\r\nPUB foo _R_. 2\r\nhi\r\n")
                        .goShows("Permissions Violation for Publish with Reply of"),
                exchange("PUB with reply exactly $JS.ACK. (not reserved)", QUIET + "SUB > 1\r\nPUB foo $JS.ACK. 2\r\nhi\r\n")
                        .goShows("MSG foo 1 $JS.ACK. 2"),
                exchange("PUB with reply $JS.ACK.", QUIET + "SUB > 1\r\nPUB foo $JS.ACK.s.c.1.2.3.4.5 2\r\nhi\r\n"),
                exchange("PUB with reply _GR_.", QUIET + "SUB > 1\r\nPUB foo _GR_.abc.def 2\r\nhi\r\n"),
                scenario("every byte in its own write", s -> {
                    RawClient c = s.open("c");
                    String bytes = "CONNECT {\"verbose\":false,\"headers\":true}\r\nSUB foo 1\r\nPUB foo r 10\r\n0123456789\r\n"
                            + hpub("foo", HDR, "hi") + "PING\r\n";
                    for (char ch : bytes.toCharArray()) {
                        c.send(String.valueOf(ch));
                    }
                    c.awaitPongs(1, RawClient.DEFAULT_WAIT);
                }).goShows("MSG foo 1 r 10", "HMSG foo 1 26 28"),
                scenario("a long control line, every byte in its own write", s -> {
                    RawClient c = s.open("c");
                    String bytes = QUIET + "SUB foo 1\r\nPUB foo " + "r".repeat(240) + " 1\r\nx\r\nPING\r\n";
                    for (char ch : bytes.toCharArray()) {
                        c.send(String.valueOf(ch));
                    }
                    c.awaitPongs(1, RawClient.DEFAULT_WAIT);
                }).goShows("MSG foo 1 rrr"),
                exchange("1000 PUBs in one write, all delivered in order", QUIET + "SUB load 1\r\n" + manyPubs(1000)).goShows("MSG load 1 4\\r\\n0999\\r\\n\n[c] PONG"),
                exchange("HPUB with a header block shorter than NATS/1.0", HEADERS + "SUB foo 1\r\nHPUB foo 2 4\r\n\r\nhi\r\n"),
                exchange("HPUB with a status line from a client", HEADERS + "SUB foo 1\r\n" + hpub("foo", "NATS/1.0 503\r\n\r\n", "")),
                exchange("HPUB with hdrlen 0", HEADERS + "SUB foo 1\r\nHPUB foo 0 2\r\nhi\r\n"),
                exchange("pedantic PUB with wildcard reply", PEDANTIC + "SUB foo 1\r\nPUB foo bar.* 2\r\nhi\r\n"),
                exchange("echo false: no queue delivery to self either", "CONNECT {\"verbose\":false,\"echo\":false}\r\nSUB foo q.echo 1\r\nPUB foo 2\r\nhi\r\n"),
                exchange("echo false: no delivery to self", "CONNECT {\"verbose\":false,\"echo\":false}\r\nSUB foo 1\r\nPUB foo 2\r\nhi\r\n"),
                exchange("binary payload bytes", QUIET + "SUB foo 1\r\nPUB foo 4\r\n\u0000\u00ff\r\n\r\n").goShows("MSG foo 1 4"),

                // --- connect_info ------------------------------------------------------------------
                // Go 2.9 sends the async INFO after a protocol-1 client's first PING only when the cluster's
                // client URLs changed since the client connected or its max_payload differs from the
                // server's; connect_info:true is set only for leaf nodes. Standalone: no INFO at all.
                exchange("protocol 1: no async INFO after the first PING on a standalone server",
                        "CONNECT {\"verbose\":false,\"protocol\":1}\r\nPING\r\nPING\r\n").goLacks("INFO", "connect_info"),
                exchange("protocol 0: no async INFO", "CONNECT {\"verbose\":false,\"protocol\":0}\r\nPING\r\n"),

                // --- liveness (ping_interval 400ms, ping_max 2) -------------------------------------
                scenario("client that never answers PING: Stale Connection and close", s -> {
                    s.keepServerPings();
                    s.open("c").send(QUIET).awaitClosed(Duration.ofSeconds(5));
                }).limits(LIVENESS_LIMITS).goShows("[c] PING\\r\\n\n[c] PING\\r\\n\n[c] -ERR 'Stale Connection'").goCloses(),
                scenario("client that never answers PING and sent no CONNECT", s -> {
                    s.keepServerPings();
                    s.open("c").awaitClosed(Duration.ofSeconds(5));
                }).limits(LIVENESS_LIMITS).goShows("-ERR 'Stale Connection'").goCloses(),
                // ping_interval stays 2 min, but a client's first PING comes after 2 s (+ up to 20 %)
                scenario("first server PING about 2 s after CONNECT", s -> {
                    s.keepServerPings();
                    RawClient c = s.open("c");
                    long start = System.nanoTime();
                    c.send(QUIET);
                    boolean pinged = c.waitFor(out -> out.has("PING"), Duration.ofSeconds(4));
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    s.note("PING within 4 s: " + pinged + "; in [1.5 s, 3 s]: " + (millis >= 1500 && millis <= 3000));
                }).limits(Limits.DEFAULTS).goShows("PING within 4 s: true; in [1.5 s, 3 s]: true"),
                // nats-server skips its PING while the client PINGed within ping_interval (after the first
                // one, which measures RTT), so a client that keeps PINGing is never stale, PONG or not.
                scenario("client that keeps sending PINGs but never answers one stays connected", s -> {
                    s.ignore("PONG\r\n"); // how many of our PINGs got in depends on timing
                    RawClient c = s.open("c");
                    c.send(QUIET);
                    for (int i = 0; i < 20 && !c.closedByServer(); i++) {
                        c.send("PING\r\n");
                        c.awaitClosed(Duration.ofMillis(100)); // paces the PINGs: 10 a second, for 2 s (5 ping intervals)
                    }
                }).limits(LIVENESS_LIMITS).goStaysOpen().goLacks("Stale"),
                scenario("client that answers every PING stays connected", s -> {
                    RawClient c = s.open("c");
                    c.send(QUIET);
                    int answered = 0;
                    while (answered < 4) {
                        long next = answered + 1;
                        if (!c.waitFor(out -> out.count("PING\r\n") >= next, Duration.ofSeconds(5))) {
                            break;
                        }
                        c.send("PONG\r\n");
                        answered++;
                    }
                    s.note("answered " + answered + " server PINGs");
                    c.ping();
                }).limits(LIVENESS_LIMITS).goShows("answered 4 server PINGs", "«open»").goLacks("Stale"));
    }

    /** {@code n} PUBs to "load" with 4-digit payloads 0000, 0001, ... */
    static String manyPubs(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("PUB load 4\r\n").append(String.format("%04d", i)).append("\r\n");
        }
        return sb.toString();
    }

    static String hpub(String subjectAndReply, String headers, String payload) {
        int hdrLen = headers.getBytes(StandardCharsets.ISO_8859_1).length;
        int totLen = hdrLen + payload.getBytes(StandardCharsets.ISO_8859_1).length;
        return "HPUB " + subjectAndReply + " " + hdrLen + " " + totLen + "\r\n" + headers + payload + "\r\n";
    }

    /**
     * The server compared with nats-server: natsj, or with {@code -Dnatsj.it.candidate=GO} nats-server
     * itself, which checks that every row is deterministic (a row that fails Go-against-Go is broken).
     */
    private static final ServerKind CANDIDATE = ServerKind.valueOf(System.getProperty("natsj.it.candidate", "NATSJ"));

    private final ServerPool servers = new ServerPool();

    @AfterAll
    void stopServers() {
        servers.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void natsjAnswersLikeNatsServer(DiffCase c) throws Exception {
        Played go = play(ServerKind.GO, c);
        if (Boolean.getBoolean("natsj.it.printReference")) {
            System.out.println("=== " + c.name() + "\n--- sent\n" + go.sent() + "--- nats-server\n" + go.transcript());
        }
        for (String want : c.referenceShows()) {
            if (!go.transcript().toString().contains(want)) {
                fail("[" + c.name() + "] broken case: nats-server's transcript lacks " + want + "\n--- sent\n" + go.sent() + "--- nats-server\n" + go.transcript());
            }
        }
        for (String unwanted : c.referenceLacks()) {
            if (go.transcript().toString().contains(unwanted)) {
                fail("[" + c.name() + "] broken case: nats-server's transcript has " + unwanted + "\n--- sent\n" + go.sent() + "--- nats-server\n" + go.transcript());
            }
        }
        Played natsj;
        try {
            natsj = play(CANDIDATE, c);
        } catch (RuntimeException e) {
            throw new AssertionError("[" + c.name() + "] natsj could not play the case (" + e + ")\n--- sent\n" + go.sent()
                    + "--- nats-server answered\n" + go.transcript(), e);
        }
        assertEquals(go.transcript().toString(), natsj.transcript().toString(),
                () -> "[" + c.name() + "] natsj answers differently from nats-server 2.9 (expected = nats-server, actual = natsj)\n--- sent\n" + go.sent());
    }

    record Played(Transcript transcript, String sent) {
    }

    private Played play(ServerKind kind, DiffCase c) throws Exception {
        TestServer server = servers.get(kind, c.limits());
        try (Session s = new Session(server)) {
            c.scenario().play(s);
            return new Played(s.transcript(), s.sent());
        }
    }
}
