package io.natsj.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ServerInfoTest {
    @Test
    void fieldsInNatsServerOrderWithTrailingSpace() {
        ServerInfo info = new ServerInfo("NABC", "n<1>", "natsj-0.1.0", "0.0.0.0", 4222, true, 1048576);
        assertEquals("INFO {\"server_id\":\"NABC\",\"server_name\":\"n\\u003c1\\u003e\",\"version\":\"2.9.10\","
                + "\"proto\":1,\"go\":\"natsj-0.1.0\",\"host\":\"0.0.0.0\",\"port\":4222,\"headers\":true,"
                + "\"max_payload\":1048576,\"client_id\":7,\"client_ip\":\"127.0.0.1\"} \r\n",
                info.forClient(7, "127.0.0.1"));
    }

    @Test
    void lameDuckInfoEndsWithLdmAndHeadersCanBeOff() {
        ServerInfo info = new ServerInfo("NABC", "n", "natsj-0.1.0", "127.0.0.1", 4222, false, 100);
        assertEquals("INFO {\"server_id\":\"NABC\",\"server_name\":\"n\",\"version\":\"2.9.10\","
                + "\"proto\":1,\"go\":\"natsj-0.1.0\",\"host\":\"127.0.0.1\",\"port\":4222,\"headers\":false,"
                + "\"max_payload\":100,\"client_id\":3,\"client_ip\":\"127.0.0.1\",\"ldm\":true} \r\n",
                info.forClient(3, "127.0.0.1", true));
    }
}
