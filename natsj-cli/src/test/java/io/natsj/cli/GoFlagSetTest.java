package io.natsj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.NatsServerOptions;
import io.natsj.cli.GoFlagSet.FlagException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Go's flag package rules, as nats-server's command line follows them. */
class GoFlagSetTest {

    private static ServerFlags parse(String... args) throws FlagException {
        ServerFlags f = new ServerFlags();
        f.parse(args);
        return f;
    }

    private static String error(String... args) {
        return assertThrows(FlagException.class, () -> parse(args)).getMessage();
    }

    @Test
    void oneOrTwoDashesEqualsOrSpaceAndTheLastValueWins() throws Exception {
        ServerFlags f = parse("-p", "1", "--port=2", "-a=127.0.0.1", "--net", "::1", "--server_name", "x", "-n", "y");
        NatsServerOptions.Builder b = NatsServerOptions.builder();
        f.applyTo(b);
        NatsServerOptions o = b.build();
        assertEquals(2, o.port());
        assertEquals("::1", o.host());
        assertEquals("y", o.serverName());
    }

    @Test
    void booleansTakeNoSeparateValue() throws Exception {
        ServerFlags f = parse("-D", "-T=false", "-V=1", "rest");
        assertTrue(f.fs.bool("debug"));
        assertFalse(f.fs.bool("logtime"));
        assertTrue(f.fs.bool("trace"));
        assertEquals(List.of("rest"), f.fs.args());
    }

    @Test
    void combinedDebugTraceFlags() throws Exception {
        NatsServerOptions.Builder b = NatsServerOptions.builder();
        parse("-DVV").applyTo(b);
        NatsServerOptions o = b.build();
        assertTrue(o.debug() && o.trace() && o.traceVerbose());
    }

    @Test
    void parsingStopsAtTheFirstNonFlagOrDoubleDash() throws Exception {
        assertEquals(List.of("x", "-p", "3"), parse("-p", "1", "x", "-p", "3").fs.args());
        assertEquals(List.of("-p"), parse("--", "-p").fs.args());
        assertEquals(List.of("-"), parse("-").fs.args());
    }

    @Test
    void jetStreamFlagsOverTheFile() throws Exception {
        NatsServerOptions.Builder b = NatsServerOptions.builder();
        parse("-js", "-sd", "/data").applyTo(b);
        assertTrue(b.build().jetStream().enabled());
        assertEquals("/data", b.build().jetStream().storeDir());
        b.jetStream(b.jetStream().toBuilder().domain("hub").build());
        parse("--jetstream=false", "--store_dir", "/other").applyTo(b);
        assertFalse(b.build().jetStream().enabled());
        assertEquals("/other", b.build().jetStream().storeDir());
        assertEquals("hub", b.build().jetStream().domain());
        parse("-sd", "").applyTo(b);
        assertEquals("/other", b.build().jetStream().storeDir());
    }

    @Test
    void portMinusOneIsAnyAndZeroTheDefault() throws Exception {
        NatsServerOptions.Builder b = NatsServerOptions.builder();
        parse("-p", "-1").applyTo(b);
        assertEquals(0, b.build().port());
        parse("-p", "0").applyTo(b);
        assertEquals(4222, b.build().port());
    }

    @Test
    void integersAsGoReadsThem() throws Exception {
        assertEquals(16, parse("-p", "0x10").fs.integer("port"));
        assertEquals(8, parse("-p", "010").fs.integer("port"));
        assertEquals(5, parse("-p", "0b101").fs.integer("port"));
        assertEquals(1000, parse("-p", "0x3_e8").fs.integer("port"));
        assertEquals("invalid value \"1_000\" for flag -p: parse error", error("-p", "1_000"));
        assertEquals("invalid value \"99999999999999999999\" for flag -p: value out of range", error("-p", "99999999999999999999"));
    }

    @Test
    void goErrorTexts() {
        assertEquals("flag provided but not defined: -x", error("-x"));
        assertEquals("flag needs an argument: -p", error("-p"));
        assertEquals("invalid boolean value \"maybe\" for -D: parse error", error("-D=maybe"));
        assertEquals("bad flag syntax: ---p", error("---p"));
        assertEquals("bad flag syntax: -=x", error("-=x"));
    }

    @Test
    void featuresNotBuiltYetAreRefusedButOffValuesPass() throws Exception {
        parse("-js", "-sd", "/tmp/x").checkSupported();
        parse("--jetstream", "--store_dir", "/tmp/x").checkSupported();
        assertEquals("flag -routes is not supported by natsj yet (clustering)",
                assertThrows(FlagException.class, () -> parse("--routes", "nats://a:1").checkSupported()).getMessage());
        parse("-js=false", "-m", "0", "--tls=false").checkSupported();
        parse("--user", "a", "--pass", "b", "--auth", "t").checkSupported();
    }
}
