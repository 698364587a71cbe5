package io.kafkaconnect.metronome.emulator.http;

import io.kafkaconnect.metronome.emulator.FaultSpec;

import java.util.Random;

/**
 * Decides per request whether to inject latency and an error. Decisions come from one
 * {@link Random} seeded by the spec, so a sequential run sees the same faults every time.
 */
public final class FaultInjector {
    private record Armed(FaultSpec spec, Random random) {
    }

    private volatile Armed armed;

    public void configure(FaultSpec spec) {
        long seed = spec.seed() != null ? spec.seed() : System.nanoTime();
        armed = new Armed(spec, new Random(seed));
    }

    public void clear() {
        armed = null;
    }

    /** The current spec, or null when faults are off. */
    public FaultSpec spec() {
        Armed current = armed;
        return current == null ? null : current.spec();
    }

    public FaultDecision decide(String path) {
        Armed current = armed;
        if (current == null || !path.startsWith(current.spec().pathPrefix())) {
            return FaultDecision.NONE;
        }
        FaultSpec spec = current.spec();
        boolean fire = false;
        if (spec.ratio() > 0) {
            synchronized (current.random()) {
                fire = current.random().nextDouble() < spec.ratio();
            }
        }
        return new FaultDecision(spec.latencyMs(), fire ? spec.status() : 0, spec.retryAfterSeconds(),
                spec.applyBeforeError(), spec.errorMessage());
    }
}
