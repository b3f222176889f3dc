package io.pdlake.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The peak heap in use, sampled every 50 ms on a daemon thread. In local mode the executors run
 * in the driver's JVM, so this is the driver's peak including task memory.
 */
final class HeapSampler
        implements AutoCloseable
{
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong peak = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    HeapSampler()
    {
        thread = new Thread(() -> {
            while (running) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
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

    @Override
    public void close()
    {
        running = false;
        thread.interrupt();
    }
}
