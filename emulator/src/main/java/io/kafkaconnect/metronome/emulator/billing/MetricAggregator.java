package io.kafkaconnect.metronome.emulator.billing;

import io.kafkaconnect.metronome.emulator.state.StoredBillableMetric;
import io.kafkaconnect.metronome.emulator.state.StoredUsageEvent;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns the events matching a billable metric into a quantity. Events lacking the aggregation key
 * (or, for SUM/MAX/LATEST, holding a non-numeric value there) are skipped; no usage is a quantity of 0.
 */
public final class MetricAggregator {
    private MetricAggregator() {
    }

    public static BigDecimal aggregate(StoredBillableMetric metric, List<StoredUsageEvent> events) {
        Accumulator accumulator = accumulatorFor(metric);
        for (StoredUsageEvent event : events) {
            if (metric.matches(event)) {
                accumulator.add(event);
            }
        }
        return accumulator.result();
    }

    /**
     * One quantity per distinct value of {@code groupKey} among the matching events, ordered by value;
     * events without the property form the group {@code null}, listed last.
     */
    public static Map<String, BigDecimal> aggregateByGroup(StoredBillableMetric metric, List<StoredUsageEvent> events,
                                                           String groupKey) {
        Map<String, Accumulator> groups = new TreeMap<>(Comparator.nullsLast(Comparator.<String>naturalOrder()));
        for (StoredUsageEvent event : events) {
            if (metric.matches(event)) {
                groups.computeIfAbsent(event.properties().get(groupKey), value -> accumulatorFor(metric)).add(event);
            }
        }
        Map<String, BigDecimal> quantities = new TreeMap<>(Comparator.nullsLast(Comparator.<String>naturalOrder()));
        groups.forEach((value, accumulator) -> quantities.put(value, accumulator.result()));
        return quantities;
    }

    private static Accumulator accumulatorFor(StoredBillableMetric metric) {
        String key = metric.aggregationKey();
        return switch (metric.aggregationType()) {
            case COUNT -> new Count();
            case SUM -> new Sum(key);
            case MAX -> new Max(key);
            case UNIQUE -> new Unique(key);
            case LATEST -> new Latest(key);
        };
    }

    private static BigDecimal number(StoredUsageEvent event, String key) {
        String text = event.properties().get(key);
        if (text == null) {
            return null;
        }
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    private interface Accumulator {
        void add(StoredUsageEvent event);

        BigDecimal result();
    }

    private static final class Count implements Accumulator {
        private long count;

        public void add(StoredUsageEvent event) {
            count++;
        }

        public BigDecimal result() {
            return BigDecimal.valueOf(count);
        }
    }

    private static final class Sum implements Accumulator {
        private final String key;
        private BigDecimal sum = BigDecimal.ZERO;

        Sum(String key) {
            this.key = key;
        }

        public void add(StoredUsageEvent event) {
            BigDecimal value = number(event, key);
            if (value != null) {
                sum = sum.add(value);
            }
        }

        public BigDecimal result() {
            return sum;
        }
    }

    private static final class Max implements Accumulator {
        private final String key;
        private BigDecimal max;

        Max(String key) {
            this.key = key;
        }

        public void add(StoredUsageEvent event) {
            BigDecimal value = number(event, key);
            if (value != null && (max == null || value.compareTo(max) > 0)) {
                max = value;
            }
        }

        public BigDecimal result() {
            return max == null ? BigDecimal.ZERO : max;
        }
    }

    private static final class Unique implements Accumulator {
        private final String key;
        private final Set<String> values = new HashSet<>();

        Unique(String key) {
            this.key = key;
        }

        public void add(StoredUsageEvent event) {
            String value = event.properties().get(key);
            if (value != null) {
                values.add(value);
            }
        }

        public BigDecimal result() {
            return BigDecimal.valueOf(values.size());
        }
    }

    /** On equal timestamps the later-ingested event wins. */
    private static final class Latest implements Accumulator {
        private final String key;
        private Instant latestAt;
        private BigDecimal latest = BigDecimal.ZERO;

        Latest(String key) {
            this.key = key;
        }

        public void add(StoredUsageEvent event) {
            BigDecimal value = number(event, key);
            if (value != null && (latestAt == null || !event.timestamp().isBefore(latestAt))) {
                latestAt = event.timestamp();
                latest = value;
            }
        }

        public BigDecimal result() {
            return latest;
        }
    }
}
