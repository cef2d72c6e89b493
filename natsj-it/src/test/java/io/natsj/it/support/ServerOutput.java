package io.natsj.it.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a server sent, split into protocol frames: one frame per control line, and for MSG/HMSG the
 * control line together with its payload and trailing CRLF. Bytes after the last complete frame are
 * kept as {@link #partial()}. Text is ISO-8859-1 so that every byte maps to one char.
 */
public record ServerOutput(List<String> frames, String partial) {

    public static ServerOutput parse(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.ISO_8859_1);
        List<String> frames = new ArrayList<>();
        int pos = 0;
        while (pos < s.length()) {
            int nl = s.indexOf('\n', pos);
            if (nl < 0) {
                break;
            }
            String line = s.substring(pos, nl + 1);
            int end = nl + 1;
            String[] tokens = line.trim().split("[ \t]+");
            String op = tokens[0].toUpperCase();
            if ((op.equals("MSG") || op.equals("HMSG")) && tokens.length >= 3) {
                int size;
                try {
                    size = Integer.parseInt(tokens[tokens.length - 1]);
                } catch (NumberFormatException e) {
                    size = -1;
                }
                if (size >= 0) {
                    end = nl + 1 + size + 2;
                    if (end > s.length()) {
                        break; // payload not complete yet
                    }
                }
            }
            frames.add(s.substring(pos, end));
            pos = end;
        }
        return new ServerOutput(List.copyOf(frames), s.substring(pos));
    }

    public long count(String frame) {
        return frames.stream().filter(frame::equals).count();
    }

    public long pongs() {
        return count("PONG\r\n");
    }

    public boolean has(String framePrefix) {
        return frames.stream().anyMatch(f -> f.startsWith(framePrefix));
    }

    /** The frames with CR and LF made visible, one per line. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        for (String f : frames) {
            sb.append(escape(f)).append('\n');
        }
        if (!partial.isEmpty()) {
            sb.append("«partial: ").append(escape(partial)).append("»\n");
        }
        return sb.toString();
    }

    public static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
