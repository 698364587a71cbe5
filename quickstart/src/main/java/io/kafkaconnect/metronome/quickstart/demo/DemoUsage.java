package io.kafkaconnect.metronome.quickstart.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The demo's usage events, written to the usage sink's topic as JSON text (what config/metronome-usage-sink.json
 * reads with StringConverter), keyed by the customer's ingest alias: {@value #EVENTS_PER_CUSTOMER} {@code tokens}
 * events per customer with exact decimal amounts, half with a transaction_id of their own and half with one the
 * sink derives from the record's position, plus the first event once more, which Metronome ignores as a duplicate.
 * The customers' costs of the day grow by their tokens times {@link EmulatorSeeder#TOKEN_PRICE}, in the
 * {@link EmulatorSeeder#TOKENS_METRIC} line item.
 */
public final class DemoUsage {

    /** The demo customers that get usage: every one but hooli, which a demo command archives. */
    public static final List<String> CUSTOMERS = List.of("acme", "globex", "initech", "umbrella");
    public static final int EVENTS_PER_CUSTOMER = 5;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Map.Entry<String, String>> records = new ArrayList<>();
    private final Map<String, BigDecimal> tokens = new LinkedHashMap<>();
    private final Instant time;

    /** @param runId makes the given transaction ids unique per run */
    public DemoUsage(String runId, Instant now) {
        this.time = now.truncatedTo(ChronoUnit.SECONDS);
        for (int c = 0; c < CUSTOMERS.size(); c++) {
            String alias = CUSTOMERS.get(c);
            for (int i = 0; i < EVENTS_PER_CUSTOMER; i++) {
                BigDecimal amount = tokens(c, i);
                Map<String, Object> event = new LinkedHashMap<>();
                if (i % 2 == 0) {
                    event.put("transaction_id", "demo-" + runId + "-" + alias + "-" + i);
                }
                event.put("customer_id", alias);
                event.put("event_type", EmulatorSeeder.TOKENS_EVENT_TYPE);
                event.put("timestamp", time.toString());
                event.put("properties", Map.of("tokens", amount, "model", "demo-" + (i % 2)));
                records.add(Map.entry(alias, json(event)));
                tokens.merge(alias, amount, BigDecimal::add);
            }
        }
        records.add(records.get(0)); // the same event again: one transaction_id, billed once
    }

    /** Customer {@code c}'s tokens of event {@code i}: exact decimals, e.g. 1000.25, 1012.75 ... */
    public static BigDecimal tokens(int c, int i) {
        return BigDecimal.valueOf(1000L * (c + 1)).add(new BigDecimal("12.5").multiply(BigDecimal.valueOf(i)))
                .add(new BigDecimal("0.25"));
    }

    /** Records written (one more than the distinct events: the duplicate). */
    public int records() {
        return records.size();
    }

    /** Distinct events, the ones Metronome counts. */
    public int events() {
        return CUSTOMERS.size() * EVENTS_PER_CUSTOMER;
    }

    /** The UTC day of every event. */
    public String day() {
        return time.atOffset(java.time.ZoneOffset.UTC).toLocalDate().toString();
    }

    /** Tokens per customer alias. */
    public Map<String, BigDecimal> tokensByAlias() {
        return tokens;
    }

    /** What the demo usage adds to each customer's cost of the day, in cents, by alias. */
    public Map<String, BigDecimal> expectedCostsByAlias() {
        Map<String, BigDecimal> costs = new LinkedHashMap<>();
        tokens.forEach((alias, amount) -> costs.put(alias, amount.multiply(EmulatorSeeder.TOKEN_PRICE)));
        return costs;
    }

    /** Writes every record to {@code topic}; returns once all are acknowledged. */
    public void publish(String bootstrapServers, String topic) throws IOException, InterruptedException {
        Map<String, Object> settings = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<?>> sends = new ArrayList<>();
            for (Map.Entry<String, String> record : records) {
                sends.add(producer.send(new ProducerRecord<>(topic, record.getKey().getBytes(StandardCharsets.UTF_8),
                        record.getValue().getBytes(StandardCharsets.UTF_8))));
            }
            for (Future<?> send : sends) {
                send.get(60, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("Cannot write the demo usage events to " + topic, e);
        }
    }

    private static String json(Map<String, Object> event) {
        try {
            return JSON.writeValueAsString(event);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
