package io.natsj.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SystemIdentifiersTest {
    @Test
    void nodeHashIsNatsServers() {
        // nats-server 2.9.10 named "watched" subscribes $SYS._INBOX.4n733vNS.* and $SYS.LATENCY.M2.4n733vNS.
        assertEquals("4n733vNS", Nodes.hash("watched"));
    }

    @Test
    void nuidsAre22Base62CharactersSharingAPrefix() {
        Nuid nuid = new Nuid();
        Set<String> seen = new HashSet<>();
        String first = nuid.next();
        for (int i = 0; i < 10_000; i++) {
            String id = nuid.next();
            assertTrue(id.matches("[0-9A-Za-z]{22}"), id);
            assertTrue(seen.add(id), "unique");
            assertEquals(first.substring(0, 12), id.substring(0, 12), "one prefix until the sequence runs out");
        }
        assertNotEquals(new Nuid().next().substring(0, 12), first.substring(0, 12), "another generator, another prefix");
    }
}
