package org.letterbox.server;

import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;

/**
 * For the standalone broker: when the heap is still almost full right after a garbage collection, the JVM is
 * about to throw {@link OutOfMemoryError} at some thread (a Netty loop that then logs and lingers, a syncer that
 * dies, a logger), and the broker would turn into a zombie; so that is a {@linkplain CriticalFailure critical
 * failure} at once. The broker's memory budget keeps a healthy broker far below the threshold; this is the net under
 * it. Uses the JVM's collection-usage thresholds (checked by the JVM after each collection, no polling).
 */
final class HeapGuard implements AutoCloseable {
    private final List<MemoryPoolMXBean> watched = new ArrayList<>();
    private final NotificationEmitter emitter;
    private final NotificationListener listener;

    private HeapGuard(double fraction, CriticalFailure critical) {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            long max = pool.getUsage().getMax();
            if (pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported() && max > 0
                    && isLongLived(pool)) {
                pool.setCollectionUsageThreshold((long) (max * fraction));
                watched.add(pool);
            }
        }
        String percent = Math.round(fraction * 100) + "%";
        listener = (notification, handback) -> {
            if (MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(notification.getType())) {
                critical.failed("out of memory: the heap is still over " + percent + " full after a garbage collection",
                        null);
            }
        };
        emitter = (NotificationEmitter) ManagementFactory.getMemoryMXBean();
        emitter.addNotificationListener(listener, null, null);
    }

    /** Watches the pools that hold long-lived objects, where a full heap shows (or the one pool of a single-pool GC). */
    private static boolean isLongLived(MemoryPoolMXBean pool) {
        String name = pool.getName();
        return name.contains("Old") || name.contains("Tenured") || name.contains("ZHeap") || name.contains("Shenandoah");
    }

    static HeapGuard start(double fraction, CriticalFailure critical) {
        return new HeapGuard(fraction, critical);
    }

    @Override
    public void close() {
        try {
            emitter.removeNotificationListener(listener);
        } catch (javax.management.ListenerNotFoundException ignored) {
            // already gone
        }
        for (MemoryPoolMXBean pool : watched) {
            pool.setCollectionUsageThreshold(0);
        }
    }
}
