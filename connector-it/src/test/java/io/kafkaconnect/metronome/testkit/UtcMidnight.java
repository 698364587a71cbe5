package io.kafkaconnect.metronome.testkit;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Keeps date-dependent tests off the UTC midnight. The source connector tells complete days from today's pending
 * one by the clock, so a test that counts cost records must start and finish on the same UTC day.
 */
public final class UtcMidnight {

    private UtcMidnight() {
    }

    /** Returns at once if the next UTC midnight is more than {@code testDuration} away, else once it has passed. */
    public static void awaitClearOf(Duration testDuration) {
        Instant now = Instant.now();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Instant midnight = today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        if (Duration.between(now, midnight).compareTo(testDuration) > 0) {
            return;
        }
        await("the UTC day after " + today).atMost(testDuration.plusSeconds(10))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> LocalDate.now(ZoneOffset.UTC).isAfter(today));
    }
}
