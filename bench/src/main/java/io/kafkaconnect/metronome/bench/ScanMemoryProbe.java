package io.kafkaconnect.metronome.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Runs in a JVM of its own ({@link ScanMemory} starts it) so the heap it reports holds one source task and nothing
 * else: scans all customers once per run and prints, per run, one line
 * {@code seconds peakUsedBytes peakLiveBytes stateBytes}. Peak used is the heap just before the fullest
 * collection (garbage included); peak live is the heap just after the fullest collection; state is the heap after
 * a full collection with the task and its state alive, minus the same before the task started.
 */
public final class ScanMemoryProbe {

    private ScanMemoryProbe() {
    }

    public static void main(String[] args) throws Exception {
        BenchMain.useBenchLogging();
        String baseUrl = args[0];
        int runs = Integer.parseInt(args[1]);
        AtomicLong peakUsed = new AtomicLong();
        AtomicLong peakLive = new AtomicLong();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                    peakUsed.accumulateAndGet(total(info.getGcInfo().getMemoryUsageBeforeGc()), Math::max);
                    peakLive.accumulateAndGet(total(info.getGcInfo().getMemoryUsageAfterGc()), Math::max);
                }
            }, null, null);
        }
        for (int run = 0; run < runs; run++) {
            long before = liveHeap();
            peakUsed.set(0);
            peakLive.set(0);
            try (SourceTaskHarness task = new SourceTaskHarness(CustomersScan.taskConfig(baseUrl, "bench-memory-" + run))) {
                long start = System.nanoTime();
                task.pollUntil(CustomersScan::scanComplete);
                double seconds = (System.nanoTime() - start) / 1e9;
                long after = liveHeap(); // the task, and so its state, is still reachable here
                System.out.printf("%.3f %d %d %d%n", seconds, Math.max(peakUsed.get(), after),
                        Math.max(peakLive.get(), after), after - before);
                System.out.flush();
            }
        }
    }

    private static long liveHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long total(Map<String, MemoryUsage> pools) {
        return pools.entrySet().stream()
                .filter(e -> !e.getKey().contains("Metaspace") && !e.getKey().contains("Code")
                        && !e.getKey().contains("Compressed"))
                .mapToLong(e -> e.getValue().getUsed()).sum();
    }
}
