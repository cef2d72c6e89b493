package io.natsj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.natsj.auth.AuthOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --user, --pass and --auth over the configuration file, as nats-server's MergeOptions applies them. */
class AuthFlagsTest {
    @TempDir
    Path dir;

    private AuthOptions auth(String config, String... flags) throws Exception {
        String[] args = flags;
        if (config != null) {
            Path f = dir.resolve("a.conf");
            Files.writeString(f, config);
            args = new String[flags.length + 2];
            args[0] = "-c";
            args[1] = f.toString();
            System.arraycopy(flags, 0, args, 2, flags.length);
        }
        ServerFlags s = new ServerFlags();
        s.parse(args);
        return NatsjMain.options(s, false).auth();
    }

    @Test
    void flagsAloneSetTheSingleUserAndTheToken() throws Exception {
        AuthOptions a = auth(null, "--user", "u", "--pass", "p");
        assertEquals("u", a.username());
        assertEquals("p", a.password());
        assertNull(a.token());
        assertEquals("t", auth(null, "--auth", "t").token());
    }

    @Test
    void eachFlagReplacesOnlyItsOwnPartOfTheFile() throws Exception {
        String config = "authorization { user: fu, password: fp, timeout: 3 }\n";
        AuthOptions a = auth(config, "--pass", "flagpass");
        assertEquals("fu", a.username());
        assertEquals("flagpass", a.password());
        assertEquals(java.time.Duration.ofSeconds(3), a.authTimeout());
        a = auth(config, "--user", "flaguser");
        assertEquals("flaguser", a.username());
        assertEquals("fp", a.password());
    }

    @Test
    void emptyFlagsLeaveTheFileAlone() throws Exception {
        AuthOptions a = auth("authorization { token: ft }\n", "--auth", "");
        assertEquals("ft", a.token());
    }

    @Test
    void usersOfTheFileStayUnderTheFlags() throws Exception {
        AuthOptions a = auth("authorization { users: [{user: a, password: b}] }\n", "--auth", "t");
        assertEquals("t", a.token());
        assertEquals(1, a.users().size());
    }
}
