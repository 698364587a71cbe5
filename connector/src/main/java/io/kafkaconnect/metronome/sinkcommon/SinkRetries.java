package io.kafkaconnect.metronome.sinkcommon;

import io.kafkaconnect.metronome.client.Backoff;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * How both sinks retry work that failed transiently after the client's own retries (a command, a batch of usage
 * events): the same two backoff settings (first wait, doubling up to a maximum) under each sink's own keys, and the
 * one thread the waits run on.
 */
public final class SinkRetries {

    private SinkRetries() {
    }

    /**
     * Defines {@code firstKey} (the first wait, documented by {@code firstDoc}) and {@code maxKey} (its upper bound)
     * in {@code group} after position {@code order}, for retries of a {@code what} ("command", "batch"); returns the
     * last position used.
     */
    public static int defineBackoff(ConfigDef def, String group, int order, String what, String firstKey,
                                    String maxKey, String firstDoc) {
        String display = Character.toUpperCase(what.charAt(0)) + what.substring(1) + " retry backoff (ms)";
        def.define(firstKey, Type.LONG, 500L, Range.between(1, 600_000), Importance.LOW, firstDoc,
                        group, ++order, Width.SHORT, display)
                .define(maxKey, Type.LONG, 30_000L, Range.between(1, 3_600_000), Importance.LOW,
                        "Upper bound of the " + what + " retry backoff.",
                        group, ++order, Width.SHORT, "Max " + what + " retry backoff (ms)");
        return order;
    }

    /** The waits between attempts, as configured under {@code firstKey} and {@code maxKey}. */
    public static Backoff backoff(AbstractConfig config, String firstKey, String maxKey) {
        return new Backoff(Duration.ofMillis(config.getLong(firstKey)), Duration.ofMillis(config.getLong(maxKey)));
    }

    /** The thread a task's retries wait on: a daemon, so a task that is never stopped cannot hold the JVM. */
    public static ScheduledExecutorService scheduler(String threadName) {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }
}
