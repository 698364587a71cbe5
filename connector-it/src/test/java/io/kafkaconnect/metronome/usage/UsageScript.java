package io.kafkaconnect.metronome.usage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A reproducible stream of usage events over a set of customers, and what Metronome must make of it: events per
 * customer and, at the plan {@link #computePrice}/{@link #apiCallPrice} give each customer, the cost of every UTC day.
 *
 * <p>Each event names its customer by Metronome id or by ingest alias (alternately, at random), carries a
 * {@code transaction_id} or leaves it to the connector to derive, and is either a {@value #COMPUTE} event with a
 * {@code units} property (a whole number or one with three decimals) or an {@value #API_CALL} event. Timestamps fall
 * in {@code days} whole UTC days starting at {@code firstDay}. All sums are exact (BigDecimal).
 */
public final class UsageScript {

    public static final String COMPUTE = "compute";
    public static final String API_CALL = "api_call";
    public static final String UNITS = "units";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DAY = Duration.ofDays(1);

    /** One event; {@code transactionId} null when the connector derives it, {@code units} null for an API call. */
    public record Event(int customer, boolean byAlias, String transactionId, String eventType, Instant timestamp,
                        BigDecimal units) {
    }

    private final List<String> customerIds;
    private final List<String> aliases;
    private final Instant firstDay;
    private final int days;
    private final List<Event> events;

    /**
     * @param customerIds Metronome ids; customer i's ingest alias is {@code aliases.get(i)}
     * @param firstDay    a UTC midnight
     */
    public UsageScript(List<String> customerIds, List<String> aliases, int events, Instant firstDay, int days,
                       long seed) {
        if (customerIds.size() != aliases.size()) {
            throw new IllegalArgumentException("one alias per customer");
        }
        this.customerIds = List.copyOf(customerIds);
        this.aliases = List.copyOf(aliases);
        this.firstDay = firstDay;
        this.days = days;
        Random random = new Random(seed);
        List<Event> generated = new ArrayList<>(events);
        long window = DAY.multipliedBy(days).toMillis();
        for (int n = 0; n < events; n++) {
            int customer = random.nextInt(customerIds.size());
            boolean compute = random.nextInt(10) < 7;
            BigDecimal units = !compute ? null : random.nextBoolean() ? BigDecimal.valueOf(1 + random.nextInt(50))
                    : BigDecimal.valueOf(1 + random.nextInt(99_999), 3); // 0.001 .. 99.999
            generated.add(new Event(customer, random.nextBoolean(),
                    random.nextInt(10) < 6 ? "usage-tx-" + seed + "-" + n : null,
                    compute ? COMPUTE : API_CALL,
                    firstDay.plusMillis((long) (random.nextDouble() * window)), units));
        }
        this.events = List.copyOf(generated);
    }

    public List<Event> events() {
        return events;
    }

    /** Events without a {@code transaction_id} of their own. */
    public long derivedTransactionIds() {
        return events.stream().filter(e -> e.transactionId() == null).count();
    }

    /** Events naming their customer by ingest alias. */
    public long byAlias() {
        return events.stream().filter(Event::byAlias).count();
    }

    /** The events as JSON in Metronome's shape, keyed by the customer reference they carry. */
    public List<Map.Entry<String, byte[]>> jsonRecords() {
        List<Map.Entry<String, byte[]>> records = new ArrayList<>(events.size());
        for (Event event : events) {
            String customer = event.byAlias() ? aliases.get(event.customer()) : customerIds.get(event.customer());
            Map<String, Object> value = new LinkedHashMap<>();
            if (event.transactionId() != null) {
                value.put("transaction_id", event.transactionId());
            }
            value.put("customer_id", customer);
            value.put("event_type", event.eventType());
            value.put("timestamp", event.timestamp().toString());
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("region", event.customer() % 2 == 0 ? "eu" : "us");
            if (event.units() != null) {
                properties.put(UNITS, event.units());
            }
            value.put("properties", properties);
            records.add(new AbstractMap.SimpleImmutableEntry<>(customer, bytes(value)));
        }
        return records;
    }

    /** Metronome id → number of events sent for that customer (customers without events left out). */
    public Map<String, Long> eventsPerCustomer() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Event event : events) {
            counts.merge(customerIds.get(event.customer()), 1L, Long::sum);
        }
        return counts;
    }

    /** The price per {@value #UNITS} unit of a {@value #COMPUTE} event for customer {@code i}, USD cents. */
    public static BigDecimal computePrice(int customer) {
        return new BigDecimal("0.125").add(new BigDecimal("0.0375").multiply(BigDecimal.valueOf(customer % 23)));
    }

    /** The price of one {@value #API_CALL} event for customer {@code i}, USD cents. */
    public static BigDecimal apiCallPrice(int customer) {
        return new BigDecimal("1.5").add(BigDecimal.valueOf(customer % 7, 2));
    }

    /**
     * Metronome id → the USD-cents cost of each of the {@code days} days (zero for a day without usage), trailing
     * zeros stripped, so that it compares by value with what the costs API answers.
     */
    public Map<String, List<BigDecimal>> dailyCosts() {
        Map<String, BigDecimal[]> costs = new LinkedHashMap<>();
        for (int i = 0; i < customerIds.size(); i++) {
            BigDecimal[] zero = new BigDecimal[days];
            Arrays.fill(zero, BigDecimal.ZERO);
            costs.put(customerIds.get(i), zero);
        }
        for (Event event : events) {
            int day = (int) Duration.between(firstDay, event.timestamp()).toDays();
            BigDecimal cost = event.units() == null ? apiCallPrice(event.customer())
                    : event.units().multiply(computePrice(event.customer()));
            BigDecimal[] customerDays = costs.get(customerIds.get(event.customer()));
            customerDays[day] = customerDays[day].add(cost);
        }
        Map<String, List<BigDecimal>> stripped = new LinkedHashMap<>();
        costs.forEach((id, perDay) -> stripped.put(id, normalized(List.of(perDay))));
        return stripped;
    }

    /** Amounts with trailing zeros stripped, so that equal values are equal objects. */
    public static List<BigDecimal> normalized(List<BigDecimal> amounts) {
        return amounts.stream().map(a -> a.signum() == 0 ? BigDecimal.ZERO : a.stripTrailingZeros()).toList();
    }

    private static byte[] bytes(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
