package io.kafkaconnect.metronome.reliability;

import io.kafkaconnect.metronome.emulator.FaultSpec;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The soak ITs' faults: Metronome fails 20 % of requests, the setting switching every half second through 429 (with
 * Retry-After), 500 and 503 (applied before the error: a lost response), with a 400 ms latency spike every other
 * setting. {@link #start} begins the cycle, {@link #close} ends it and clears the faults.
 */
final class FaultCycle implements AutoCloseable {

    static final List<FaultSpec> SETTINGS = List.of(
            FaultSpec.builder().status(429).ratio(0.2).retryAfterSeconds(1).latencyMs(10).build(),
            FaultSpec.builder().status(500).ratio(0.2).latencyMs(400).build(),
            FaultSpec.builder().status(503).ratio(0.2).applyBeforeError(true).latencyMs(10).build(),
            FaultSpec.builder().status(429).ratio(0.2).retryAfterSeconds(1).latencyMs(400).build(),
            FaultSpec.builder().status(500).ratio(0.2).latencyMs(10).build(),
            FaultSpec.builder().status(503).ratio(0.2).applyBeforeError(true).latencyMs(400).build());

    private final MetronomeEmulator emulator;
    private final ScheduledExecutorService switcher = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger ticks = new AtomicInteger();

    FaultCycle(MetronomeEmulator emulator) {
        this.emulator = emulator;
    }

    void start() {
        switcher.scheduleAtFixedRate(() -> emulator.setFaults(SETTINGS.get(ticks.getAndIncrement() % SETTINGS.size())),
                0, 500, TimeUnit.MILLISECONDS);
    }

    /** How many settings have been applied so far. */
    int ticks() {
        return ticks.get();
    }

    /** Stops switching and clears the faults; safe to call again. */
    @Override
    public void close() {
        switcher.shutdownNow();
        try {
            switcher.awaitTermination(5, TimeUnit.SECONDS); // no switch may land after the faults are cleared
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        emulator.clearFaults();
    }
}
