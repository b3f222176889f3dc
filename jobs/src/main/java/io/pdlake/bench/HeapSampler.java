package io.pdlake.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The driver's heap, sampled every 50 ms on a daemon thread: the peak in use (garbage included,
 * so it grows towards -Xmx whenever the collector can wait) and the peak live heap, what the heap
 * pools held just after a collection. In local mode the executors run in the driver's JVM, so
 * both include task memory.
 */
final class HeapSampler
        implements AutoCloseable
{
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong peakLive = new AtomicLong();
    private final java.util.List<java.lang.management.MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == java.lang.management.MemoryType.HEAP && pool.isCollectionUsageThresholdSupported()).toList();
    private final Thread thread;
    private volatile boolean running = true;

    HeapSampler()
    {
        thread = new Thread(() -> {
            while (running) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                long live = 0;
                for (java.lang.management.MemoryPoolMXBean pool : heapPools) {
                    java.lang.management.MemoryUsage afterCollection = pool.getCollectionUsage();
                    live += afterCollection == null ? 0 : afterCollection.getUsed();
                }
                peakLive.accumulateAndGet(live, Math::max);
                try {
                    Thread.sleep(50);
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }, "pdlake-heap-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    long peakBytes()
    {
        return peak.get();
    }

    long peakLiveBytes()
    {
        return peakLive.get();
    }

    @Override
    public void close()
    {
        running = false;
        thread.interrupt();
    }
}
