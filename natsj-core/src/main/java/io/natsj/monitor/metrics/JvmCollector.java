package io.natsj.monitor.metrics;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocatorMetric;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;

/**
 * natsj's own metrics, which nats-server has no counterpart for: the JVM's heap, collections and
 * threads, Netty's pooled buffer memory, and the server's event loops. All named {@code natsj_...} so
 * they never collide with the exporter's {@code gnatsd_...} names.
 */
final class JvmCollector {
    private static final String P = "natsj_";

    private JvmCollector() {
    }

    /** @param eventLoops the server's I/O event loops */
    static void collect(int eventLoops, String serverId, Exposition out) {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        MemoryUsage heap = mem.getHeapMemoryUsage();
        out.gauge(P + "jvm_heap_used_bytes", "JVM heap in use").add(heap.getUsed(), "server_id", serverId);
        out.gauge(P + "jvm_heap_committed_bytes", "JVM heap committed").add(heap.getCommitted(), "server_id", serverId);
        out.gauge(P + "jvm_heap_max_bytes", "JVM heap limit (-1 when unbounded)").add(heap.getMax(), "server_id", serverId);
        out.gauge(P + "jvm_nonheap_used_bytes", "JVM memory in use outside the heap (metaspace, code cache)")
                .add(mem.getNonHeapMemoryUsage().getUsed(), "server_id", serverId);
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            out.counter(P + "jvm_gc_collections_total", "collections by the JVM's collector since start")
                    .add(Math.max(0, gc.getCollectionCount()), "server_id", serverId, "gc", gc.getName());
            out.counter(P + "jvm_gc_collection_seconds_total", "time spent in collections by the JVM's collector")
                    .add(Math.max(0, gc.getCollectionTime()) / 1000.0, "server_id", serverId, "gc", gc.getName());
        }
        out.gauge(P + "jvm_threads", "live JVM threads")
                .add(ManagementFactory.getThreadMXBean().getThreadCount(), "server_id", serverId);
        PooledByteBufAllocatorMetric netty = PooledByteBufAllocator.DEFAULT.metric();
        out.gauge(P + "netty_pooled_direct_bytes", "direct memory held by Netty's pooled allocator (message buffers)")
                .add(netty.usedDirectMemory(), "server_id", serverId);
        out.gauge(P + "netty_pooled_heap_bytes", "heap memory held by Netty's pooled allocator")
                .add(netty.usedHeapMemory(), "server_id", serverId);
        out.gauge(P + "event_loops", "the server's I/O event loop threads").add(eventLoops, "server_id", serverId);
    }
}
