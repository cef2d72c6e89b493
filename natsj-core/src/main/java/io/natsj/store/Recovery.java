package io.natsj.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a file store's state from its segments when it opens: every record is checked, so
 * damage is found now rather than when a consumer reaches it.
 *
 * <ul>
 *   <li>An incomplete record at the end of the last segment is a write cut short by a crash and
 *       is cut off (the message was never acknowledged under {@link SyncPolicy#ALWAYS}).</li>
 *   <li>A record whose body fails its checksum is skipped using its (checked) header's length;
 *       a damaged header is skipped by scanning for the next valid header.</li>
 *   <li>Messages are contiguous within and across segments (segment i holds base(i) up to
 *       base(i+1) - 1), so every sequence in that range without a valid record, not deleted by a
 *       DELETE or COMPACT record, is lost: reported, never counted as a message.</li>
 * </ul>
 * Runs on the opening thread, before the store is shared.
 */
final class Recovery {
    private static final Logger log = LoggerFactory.getLogger(Recovery.class);

    private final Path dir;
    private final String name;
    private final Segment.Opener files;
    private final MessageSize sizer;
    /** What the last normal close recorded; null after a crash. */
    private final CleanClose clean;
    private final Map<String, String> subjects = new HashMap<>();
    private final LongMap<Boolean> tombstones = new LongMap<>();
    /** Damaged messages whose header still named them, with their size. */
    private final TreeMap<Long, Long> damagedSizes = new TreeMap<>();
    /** Ranges [from, to] of sequences with no valid record; judged once the floor is known. */
    private final List<long[]> gaps = new ArrayList<>();

    final List<Segment> segments = new ArrayList<>();
    final LongMap<Location> entries = new LongMap<>();
    final TreeMap<Long, Long> lost = new TreeMap<>();
    long minSeq = Long.MAX_VALUE;
    long floor;
    long lastSeq;
    long lastTime;
    /** Damaged regions found (each may hide several records). */
    int damaged;
    /** The newest segment, vouched for by a normal close, has a damaged end: write to a new one. */
    boolean startNewSegment;
    private long maxMsgSeq;

    Recovery(Path dir, String name, Segment.Opener files, MessageSize sizer, CleanClose clean) {
        this.dir = dir;
        this.name = name;
        this.files = files;
        this.sizer = sizer;
        this.clean = clean;
    }

    void run() throws IOException {
        TreeMap<Long, Path> found = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + Segment.SUFFIX)) {
            for (Path p : ds) {
                String f = p.getFileName().toString();
                try {
                    found.put(Long.parseLong(f.substring(0, f.length() - Segment.SUFFIX.length())), p);
                } catch (NumberFormatException e) {
                    log.warn("stream {}: ignoring {}", name, p);
                }
            }
        }
        List<Long> bases = new ArrayList<>(found.keySet());
        boolean vouched = false;
        for (int i = 0; i < bases.size(); i++) {
            Segment seg = Segment.open(found.get(bases.get(i)), bases.get(i), files);
            segments.add(seg);
            boolean last = i == bases.size() - 1;
            long nextBase = last ? 0 : bases.get(i + 1);
            if (last && clean != null) {
                if (clean.base() > seg.base || clean.base() == seg.base && seg.size <= clean.size()) {
                    // A normal close vouched for how the stream ended: what is missing or unreadable
                    // at the end of this segment (or in newer ones, gone) is damage, not a cut-short write.
                    vouched = true;
                    last = false;
                    nextBase = clean.lastSeq() + 1;
                } else {
                    log.warn("stream {}: the record of its last close does not match its files; recovering as after a crash", name);
                }
            }
            int damagedBefore = damaged;
            int gapsBefore = gaps.size();
            scan(seg, last, nextBase);
            if (vouched) {
                boolean endGap = gaps.size() > gapsBefore && gaps.get(gaps.size() - 1)[1] == nextBase - 1;
                startNewSegment = damaged > damagedBefore || endGap || clean.base() > seg.base;
            }
        }
        if (!segments.isEmpty()) {
            lastSeq = Math.max(lastSeq, segments.get(segments.size() - 1).base - 1);
        }
        lastSeq = Math.max(lastSeq, Math.max(maxMsgSeq, floor - 1));
        if (clean != null && (vouched || segments.isEmpty())) {
            lastSeq = Math.max(lastSeq, clean.lastSeq()); // never give out an acknowledged sequence again
        }
        for (long[] gap : gaps) {
            // below the floor is purged, not lost (a purge cut short leaves old segments behind)
            for (long seq = Math.max(gap[0], floor); seq <= gap[1]; seq++) {
                if (tombstones.get(seq) == null && entries.get(seq) == null) {
                    lost.put(seq, damagedSizes.getOrDefault(seq, 0L));
                }
            }
        }
        for (Map.Entry<Long, Long> d : damagedSizes.entrySet()) {
            long seq = d.getKey();
            if (seq >= floor && tombstones.get(seq) == null && entries.get(seq) == null) {
                lost.put(seq, d.getValue());
            }
        }
        if (!lost.isEmpty()) {
            log.error("stream {}: {} messages lost to damaged records: {}", name, lost.size(), lost.keySet());
        }
    }

    private void scan(Segment seg, boolean last, long nextBase) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) seg.size);
        seg.read(b, 0);
        int size = b.limit();
        if (size < RecordFormat.SEGMENT_HEADER && last) {
            log.warn("stream {}: segment {} was cut short while being created; starting it again", name, seg.path);
            seg.truncate(0);
            seg.append(RecordFormat.segmentHeader());
            return;
        }
        if (size < RecordFormat.SEGMENT_HEADER || b.getInt(0) != RecordFormat.SEGMENT_MAGIC) {
            damaged++;
            log.error("stream {}: segment {} has a damaged file header", name, seg.path);
        }
        long expected = seg.base;
        // The sequence the next message record here would have (messages are in order within a
        // segment), as long as every damaged region so far could be told apart (see hidden).
        long next = seg.base;
        boolean nextKnown = true;
        int p = RecordFormat.SEGMENT_HEADER;
        while (p < size) {
            if (size - p < RecordFormat.HEADER) {
                tail(seg, p, size, last);
                break;
            }
            if (!RecordFormat.headerValid(b, p)) {
                int q = nextHeader(b, p + 1, size);
                int held = hidden(b, p, q < 0 ? size : q);
                if (held == HIDDEN_MESSAGE && nextKnown) {
                    // a whole record, only its header damaged: a message, whose sequence its place gives;
                    // at the very end too, where a write cut short would not leave a whole record
                    damaged++;
                    log.error("stream {}: segment {}: message {} has a damaged header at offset {}", name, seg.path, next, p);
                    damagedSizes.put(next, (long) (q < 0 ? size : q) - p - RecordFormat.HEADER - RecordFormat.TRAILER);
                    maxMsgSeq = Math.max(maxMsgSeq, next);
                    next++;
                    if (q < 0) {
                        break;
                    }
                    p = q;
                    continue;
                }
                if (q < 0) {
                    tail(seg, p, size, last);
                    break;
                }
                nextKnown &= held == HIDDEN_MARKER;
                damaged++;
                log.error("stream {}: segment {}: {} damaged bytes at offset {}", name, seg.path, q - p, p);
                p = q;
                continue;
            }
            long end = (long) p + RecordFormat.recordLength(RecordFormat.bodyLength(b, p));
            if (end > size) {
                tail(seg, p, size, last);
                break;
            }
            long seq = RecordFormat.seq(b, p);
            if (RecordFormat.kind(b, p) == RecordFormat.MSG || RecordFormat.kind(b, p) == RecordFormat.ERASED) {
                next = Math.max(next, seq + 1);
                nextKnown = true;
            }
            if (RecordFormat.kind(b, p) == RecordFormat.ERASED) {
                expected = erased(seg, b, p, seq, expected);
            } else if (RecordFormat.kind(b, p) == RecordFormat.MSG) {
                if (RecordFormat.bodyValid(b, p)) {
                    expected = message(seg, b, p, seq, expected);
                } else {
                    damaged++;
                    log.error("stream {}: segment {}: message {} fails its checksum", name, seg.path, seq);
                    damagedSizes.put(seq, (long) RecordFormat.bodyLength(b, p));
                    maxMsgSeq = Math.max(maxMsgSeq, seq);
                }
            } else {
                if (RecordFormat.kind(b, p) == RecordFormat.DELETE && seq >= next) {
                    // a sequence passed over (a mirror's skip), not a removal: those name earlier messages
                    next = seq + 1;
                }
                marker(b, p, seq);
            }
            p = (int) end;
        }
        if (!last) {
            gap(expected, nextBase - 1);
        }
    }

    private long message(Segment seg, ByteBuffer b, int p, long seq, long expected) {
        if (seq < expected) {
            log.error("stream {}: segment {}: message {} out of order, ignored", name, seg.path, seq);
            return expected;
        }
        gap(expected, seq - 1);
        String subject = subjects.computeIfAbsent(RecordFormat.subject(b, p), s -> s);
        int body = RecordFormat.bodyLength(b, p);
        int subjectLength = b.getShort(p + RecordFormat.HEADER + 8) & 0xFFFF;
        int headerLength = b.getInt(p + RecordFormat.HEADER + 10);
        int payloadLength = body - RecordFormat.MSG_FIXED - subjectLength - headerLength;
        long ts = RecordFormat.timestamp(b, p);
        entries.put(seq, new Location(seg, p, RecordFormat.recordLength(body), subject, ts,
                sizer.of(subjectLength, headerLength, payloadLength)));
        minSeq = Math.min(minSeq, seq);
        if (seq > maxMsgSeq) {
            maxMsgSeq = seq;
            lastTime = ts;
        }
        return seq + 1;
    }

    /**
     * An erased message holds its place in the sequence (it may be the last one stored) and is
     * removed whatever became of its DELETE record; its body is noise, so its checksum is not needed.
     */
    private long erased(Segment seg, ByteBuffer b, int p, long seq, long expected) {
        if (seq < expected) {
            log.error("stream {}: segment {}: erased message {} out of order, ignored", name, seg.path, seq);
            return expected;
        }
        gap(expected, seq - 1);
        tombstones.put(seq, Boolean.TRUE);
        if (seq > maxMsgSeq) {
            maxMsgSeq = seq;
            if (RecordFormat.bodyValid(b, p)) { // the timestamp is kept by the erase
                lastTime = RecordFormat.timestamp(b, p);
            }
        }
        return seq + 1;
    }

    /** DELETE and COMPACT act on their header alone, which was checked, even when the trailer is damaged. */
    private void marker(ByteBuffer b, int p, long seq) {
        if (!RecordFormat.bodyValid(b, p)) {
            log.warn("stream {}: a delete record for {} has a damaged checksum; applied anyway", name, seq);
        }
        if (RecordFormat.kind(b, p) == RecordFormat.DELETE) {
            tombstones.put(seq, Boolean.TRUE);
            entries.remove(seq);
        } else if (RecordFormat.kind(b, p) == RecordFormat.COMPACT) {
            floor = Math.max(floor, seq);
        } else {
            damaged++;
            log.error("stream {}: unknown record kind {} for {}", name, RecordFormat.kind(b, p), seq);
        }
    }

    private void gap(long from, long to) {
        if (from <= to) {
            gaps.add(new long[] {from, to});
        }
    }

    /** The end of the last segment is a cut-short write; elsewhere it is damage (the gap reports it). */
    private void tail(Segment seg, int p, int size, boolean last) throws IOException {
        if (last) {
            log.warn("stream {}: segment {}: cutting {} bytes of an incomplete record at offset {}", name, seg.path, size - p, p);
            seg.truncate(p);
        } else {
            damaged++;
            log.error("stream {}: segment {}: {} damaged bytes at the end, from offset {}", name, seg.path, size - p, p);
        }
    }

    private static final int HIDDEN_UNKNOWN = 0;
    private static final int HIDDEN_MARKER = 1;
    private static final int HIDDEN_MESSAGE = 2;

    /**
     * What the damaged region [p, q) held, judged by what follows its damaged header: exactly one
     * whole record whose body matches its trailer, a message (a plausible MSG body) or a DELETE or
     * COMPACT (empty body); or unknown (several records, or more damage).
     */
    private static int hidden(ByteBuffer b, int p, int q) {
        int body = q - p - RecordFormat.HEADER - RecordFormat.TRAILER;
        if (body < 0 || RecordFormat.checksum(b, p + RecordFormat.HEADER, body) != b.getInt(q - RecordFormat.TRAILER)) {
            return HIDDEN_UNKNOWN;
        }
        if (body == 0) {
            return HIDDEN_MARKER;
        }
        if (body < RecordFormat.MSG_FIXED) {
            return HIDDEN_UNKNOWN;
        }
        int at = p + RecordFormat.HEADER;
        long contents = (b.getShort(at + 8) & 0xFFFFL) + b.getInt(at + 10);
        return b.getInt(at + 10) >= 0 && contents <= body - RecordFormat.MSG_FIXED ? HIDDEN_MESSAGE : HIDDEN_UNKNOWN;
    }

    private static int nextHeader(ByteBuffer b, int from, int size) {
        for (int q = from; q + RecordFormat.HEADER <= size; q++) {
            if (b.get(q) == 'N' && RecordFormat.headerValid(b, q)) {
                return q;
            }
        }
        return -1;
    }
}
