package io.natsj.loadgen;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A NATS server for tests of the consumer scenarios, playing JetStream with one stream and one
 * consumer and a fault to inject. It has to be a server of its own: a client of a real server may not
 * publish with a $JS.ACK reply subject (the server refuses it), which every delivery needs.
 *
 * <p>Core NATS: INFO, CONNECT, PING/PONG, SUB/UNSUB (literal subjects, {@code *} and {@code >}),
 * PUB/HPUB routed as MSG/HMSG. JetStream: STREAM.CREATE/INFO/DELETE, PubAcks for publishes on
 * js.bench.&gt;, CONSUMER.CREATE (push when the config has a deliver_subject, else pull),
 * CONSUMER.MSG.NEXT (as many as the batch asks for), CONSUMER.INFO from what it delivered and saw
 * acknowledged, acks on $JS.ACK.&gt; and flow-control answers on $JS.FC.&gt;.
 */
final class FakeJetStreamServer implements AutoCloseable {
    enum Fault {
        /** Behaves. */
        NONE,
        /** Leaves CONSUMER.CREATE unanswered. */
        NO_CONSUMERS,
        /** Push: sends half, then a flow-control request, and the rest once it is answered. */
        FLOW_CONTROL,
        /** Delivers stream sequence 10 twice. */
        DUPLICATE,
        /** Never delivers stream sequence 10. */
        SKIP,
        /** Pull: forgets the ack of the last message. */
        LOSE_ACK,
        /** Push: sends half, then nothing. */
        STALL
    }

    private final ServerSocket listener;
    private final Fault fault;
    private final List<Conn> conns = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile boolean closing;
    /** Messages PubAcked into the stream. */
    volatile long published;
    /** Acks seen (with the fault applied). */
    volatile long acked;
    private byte[] payload;
    private String stream;
    private String consumer;
    private String deliver;
    private boolean pull;
    private long delivered;

    FakeJetStreamServer(Fault fault) throws IOException {
        this.fault = fault;
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "fake-js-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    Target target() {
        return new Target("fake", "127.0.0.1", listener.getLocalPort(), -1);
    }

    private void accept() {
        while (!closing) {
            try {
                Socket s = listener.accept();
                s.setTcpNoDelay(true);
                Conn c = new Conn(s);
                conns.add(c);
                Thread t = new Thread(c::serve, "fake-js-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    /** One client connection: its subscriptions (sid to subject) and a locked output. */
    private final class Conn {
        final Socket socket;
        final OutputStream out;
        final Map<String, String> subs = new ConcurrentHashMap<>();

        Conn(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
        }

        void serve() {
            try (socket) {
                write(("INFO {\"server_id\":\"FAKE\",\"version\":\"2.9.10\",\"proto\":1,\"headers\":true,"
                        + "\"max_payload\":1048576,\"jetstream\":true}\r\n").getBytes(StandardCharsets.US_ASCII));
                InputStream in = new BufferedInputStream(socket.getInputStream());
                String line;
                while ((line = readLine(in)) != null) {
                    String[] a = line.split(" ");
                    switch (a[0].toUpperCase(java.util.Locale.ROOT)) {
                        case "PING" -> write("PONG\r\n".getBytes(StandardCharsets.US_ASCII));
                        case "SUB" -> subs.put(a[a.length - 1], a[1]);
                        case "UNSUB" -> subs.remove(a[1]);
                        case "PUB" -> {
                            byte[] body = in.readNBytes(Integer.parseInt(a[a.length - 1]) + 2);
                            received(a[1], a.length == 4 ? a[2] : null, new byte[0],
                                    java.util.Arrays.copyOf(body, body.length - 2));
                        }
                        case "HPUB" -> {
                            int hdr = Integer.parseInt(a[a.length - 2]);
                            byte[] all = in.readNBytes(Integer.parseInt(a[a.length - 1]) + 2);
                            received(a[1], a.length == 5 ? a[2] : null, java.util.Arrays.copyOf(all, hdr),
                                    java.util.Arrays.copyOfRange(all, hdr, all.length - 2));
                        }
                        default -> { } // CONNECT, PONG
                    }
                }
            } catch (IOException e) {
                // closed
            } finally {
                conns.remove(this);
            }
        }

        synchronized void write(byte[] b) throws IOException {
            out.write(b);
            out.flush();
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.US_ASCII);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return null;
    }

    /** Routes a message to the matching subscriptions as MSG or HMSG. */
    private void route(String subject, String reply, byte[] header, byte[] body) throws IOException {
        for (Conn c : conns) {
            for (Map.Entry<String, String> sub : c.subs.entrySet()) {
                if (!matches(sub.getValue(), subject)) {
                    continue;
                }
                String r = reply == null ? "" : " " + reply;
                String head = header.length == 0
                        ? "MSG " + subject + " " + sub.getKey() + r + " " + body.length + "\r\n"
                        : "HMSG " + subject + " " + sub.getKey() + r + " " + header.length + " "
                                + (header.length + body.length) + "\r\n";
                ByteArrayOutputStream m = new ByteArrayOutputStream();
                m.write(head.getBytes(StandardCharsets.US_ASCII));
                m.write(header);
                m.write(body);
                m.write('\r');
                m.write('\n');
                c.write(m.toByteArray());
            }
        }
    }

    static boolean matches(String pattern, String subject) {
        String[] p = pattern.split("\\.");
        String[] s = subject.split("\\.");
        for (int i = 0; i < p.length; i++) {
            if (p[i].equals(">")) {
                return s.length > i;
            }
            if (i >= s.length || !p[i].equals("*") && !p[i].equals(s[i])) {
                return false;
            }
        }
        return p.length == s.length;
    }

    private synchronized void received(String subject, String reply, byte[] header, byte[] body) throws IOException {
        route(subject, reply, header, body);
        String text = new String(body, StandardCharsets.UTF_8);
        if (subject.startsWith("$JS.API.STREAM.CREATE.")) {
            stream = subject.substring("$JS.API.STREAM.CREATE.".length());
            answer(reply, "{\"type\":\"io.nats.jetstream.api.v1.stream_create_response\",\"config\":{}}");
        } else if (subject.startsWith("$JS.API.STREAM.INFO.")) {
            answer(reply, "{\"config\":{},\"state\":{\"messages\":" + published + ",\"bytes\":0}}");
        } else if (subject.startsWith("$JS.API.STREAM.DELETE.")) {
            answer(reply, "{\"success\":true}");
        } else if (subject.startsWith("$JS.API.CONSUMER.CREATE.")) {
            if (fault == Fault.NO_CONSUMERS) {
                return;
            }
            String[] t = subject.split("\\.");
            consumer = t.length > 5 ? t[5] : "EPH1";
            deliver = JsonScan.string(text, "\"deliver_subject\"");
            pull = deliver == null;
            answer(reply, "{\"type\":\"io.nats.jetstream.api.v1.consumer_create_response\",\"stream_name\":\""
                    + stream + "\",\"name\":\"" + consumer + "\",\"config\":{}}");
            if (!pull) {
                push(fault == Fault.FLOW_CONTROL || fault == Fault.STALL ? published / 2 : published);
            }
        } else if (subject.startsWith("$JS.API.CONSUMER.MSG.NEXT.")) {
            long batch = JsonScan.number(body, 0, body.length, "\"batch\"");
            long upTo = Math.min(published, delivered + batch);
            while (delivered < upTo) {
                deliver(reply, ++delivered);
            }
        } else if (subject.startsWith("$JS.API.CONSUMER.INFO.")) {
            long floor = pull ? acked : delivered;
            answer(reply, "{\"stream_name\":\"" + stream + "\",\"name\":\"" + consumer + "\",\"delivered\":{"
                    + "\"consumer_seq\":" + delivered + ",\"stream_seq\":" + delivered + "},\"ack_floor\":{"
                    + "\"consumer_seq\":" + floor + ",\"stream_seq\":" + floor + "},\"num_ack_pending\":"
                    + (delivered - floor) + ",\"num_redelivered\":0,\"num_waiting\":0,\"num_pending\":"
                    + (published - delivered) + "}");
        } else if (subject.startsWith("js.bench.")) {
            if (payload == null) {
                payload = body;
            }
            published++;
            answer(reply, "{\"stream\":\"" + stream + "\",\"seq\":" + published + "}");
        } else if (subject.startsWith("$JS.ACK.")) {
            AckReply ack = new AckReply();
            byte[] s = subject.getBytes(StandardCharsets.US_ASCII);
            if (!ack.parse(s, 0, s.length) || !text.equals("+ACK")) {
                throw new IOException("bad ack " + subject + " " + text);
            }
            if (!(fault == Fault.LOSE_ACK && ack.streamSeq == published)) {
                acked++;
            }
        } else if (subject.startsWith("$JS.FC.")) {
            if (body.length != 0 || header.length != 0) {
                throw new IOException("a flow-control answer that is not empty");
            }
            push(published);
        }
    }

    /** Push deliveries up to stream sequence upTo; with FLOW_CONTROL, a flow-control request if some are left. */
    private void push(long upTo) throws IOException {
        while (delivered < upTo) {
            deliver(deliver, ++delivered);
        }
        if (fault == Fault.FLOW_CONTROL && delivered < published) {
            route(deliver, "$JS.FC." + stream + ".x.1",
                    "NATS/1.0 100 FlowControl Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII), new byte[0]);
        }
    }

    private void deliver(String to, long seq) throws IOException {
        if (fault == Fault.SKIP && seq == 10) {
            return;
        }
        int copies = fault == Fault.DUPLICATE && seq == 10 ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            route(to, "$JS.ACK." + stream + "." + consumer + ".1." + seq + "." + seq + "."
                    + (1_700_000_000_000_000_000L + seq) + "." + (published - seq), new byte[0], payload);
        }
    }

    private void answer(String reply, String json) throws IOException {
        route(reply, null, new byte[0], json.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        closing = true;
        listener.close();
        for (Conn c : conns) {
            c.socket.close();
        }
    }
}
