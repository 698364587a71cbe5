package io.kafkaconnect.metronome.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaconnect.metronome.testkit.ConnectTestClusters;
import io.kafkaconnect.metronome.testkit.EmulatorAndCluster;
import java.math.BigDecimal;
import io.kafkaconnect.metronome.emulator.state.UsageCounts;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every class of bad usage record of the catalogue ({@link BadUsageEvents}), and events Metronome itself refuses,
 * reach the dead-letter queue one by one with their reason in a header, while the good events around them, in the
 * same batches, are all billed exactly once: the task keeps running and commits everything. The event Metronome
 * refuses (older than its 34-day backdating window) is found by bisecting its batch; it reaches the dead-letter
 * queue with Metronome's status and message. Good events with valid but lenient times (no seconds, an offset,
 * lower case) are sent in a form Metronome takes and billed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UsageSinkBadInputIT {

    private static final String TOPIC = "bad-usage";
    private static final String DLQ = "bad-usage-dlq";
    private static final String REASON_HEADER = "__connect.errors.exception.message";
    private static final String OFFSET_HEADER = "__connect.errors.offset";

    private EmulatorAndCluster started;
    private UsageTestRig rig;

    /** One record of the test: its value (null: a tombstone) and, for a bad one, the expected reason. */
    private record Input(String label, String value, String reason) {
        boolean good() {
            return reason == null;
        }
    }

    @BeforeAll
    void start() {
        started = new EmulatorAndCluster(ConnectTestClusters.builder().name("usage-bad-input-it"));
        rig = new UsageTestRig(started.emulator(), started.cluster());
    }

    @AfterAll
    void stop() {
        try {
            rig.close();
        } finally {
            started.close();
        }
    }

    @Test
    void everyBadEventReachesTheDeadLetterQueueWithItsReasonAndTheGoodOnesAreBilled() {
        List<String> customers = rig.customers(2, "bad-input-");
        String time = rig.eventTime();
        List<Input> inputs = new ArrayList<>();
        int good = 0;
        for (BadUsageEvents.BadUsageEvent bad : BadUsageEvents.all()) {
            for (int i = 0; i < 3; i++) { // good events before each bad one, in the same batch
                inputs.add(new Input("good", goodEvent("bad-input-" + (good % 2), time), null));
                good++;
            }
            inputs.add(new Input(bad.label(), bad.value(), bad.reason()));
        }
        // valid but lenient times (no seconds, an offset, lower case) are sent in a form Metronome takes
        OffsetDateTime lenient = rig.emulator.now().minus(2, ChronoUnit.MINUTES).atOffset(ZoneOffset.ofHours(1));
        for (String form : List.of("uuuu-MM-dd'T'HH:mmxxx", "uuuu-MM-dd't'HH:mm:ss.SSS'z'")) {
            String text = DateTimeFormatter.ofPattern(form).format(form.endsWith("'z'")
                    ? lenient.withOffsetSameInstant(ZoneOffset.UTC) : lenient);
            inputs.add(new Input("good", goodEvent("bad-input-" + (good % 2), text), null));
            good++;
        }
        // an event only Metronome can refuse (older than its 34-day backdating window), amid good ones
        String tooOld = rig.emulator.now().minus(35, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        inputs.add(new Input("older than 34 days", goodEvent("bad-input-0", tooOld),
                "Metronome refused the event with HTTP 400: "));
        inputs.add(new Input("good", goodEvent("bad-input-0", time), null));
        inputs.add(new Input("good", goodEvent("bad-input-1", time), null));
        good += 2;
        assertThat(inputs.stream().filter(i -> !i.good()).map(Input::label).distinct().count())
                .as("classes of bad input").isEqualTo(BadUsageEvents.all().size() + 1L).isGreaterThanOrEqualTo(21);
        UsageCounts before = rig.usage();
        assertThat(before.total()).isZero();

        rig.cluster.kafka().createTopic(TOPIC, 1); // offsets tell inputs apart
        rig.cluster.kafka().createTopic(DLQ, 1);
        ConnectTestClusters.produce(rig.cluster, TOPIC, inputs.stream().map(i -> (Map.Entry<String, byte[]>)
                new AbstractMap.SimpleEntry<String, byte[]>(null,
                        i.value == null ? null : i.value.getBytes(StandardCharsets.UTF_8))).toList());
        rig.cluster.configureConnector("usage-bad-input", rig.connectorConfig(TOPIC, DLQ));

        long bad = inputs.stream().filter(i -> !i.good()).count();
        Map<Long, String> reasons = ConnectTestClusters.readRecords(rig.cluster, DLQ, (int) bad).stream()
                .collect(Collectors.toMap(r -> Long.parseLong(header(r, OFFSET_HEADER)), r -> header(r, REASON_HEADER)));
        for (int offset = 0; offset < inputs.size(); offset++) {
            Input input = inputs.get(offset);
            if (input.good()) {
                assertThat(reasons).as("good event at %d", offset).doesNotContainKey((long) offset);
            } else {
                assertThat(reasons.get((long) offset)).as("DLQ reason of %s", input.label).contains(input.reason);
            }
        }
        assertThat(reasons.get((long) inputs.indexOf(inputs.stream().filter(i -> i.label.startsWith("older"))
                .findFirst().orElseThrow()))).as("Metronome's own message, found by bisecting")
                .contains("is more than 34 days before now").contains(tooOld);
        rig.awaitCommitted("usage-bad-input", inputs.size());
        rig.awaitCosts(Map.of(customers.get(0), UsageTestRig.expected((good + 1) / 2, BigDecimal.ZERO),
                customers.get(1), UsageTestRig.expected(good / 2, BigDecimal.ZERO)));
        rig.assertIngested(before, Map.of(customers.get(0), (good + 1) / 2L, customers.get(1), good / 2L), 0);
        assertThat(rig.usage().duplicatesIgnored()).as("nothing was sent twice").isZero();
        ConnectTestClusters.awaitRunning(rig.cluster, "usage-bad-input", 1);
    }

    private static String goodEvent(String alias, String time) {
        return "{\"customer_id\":\"" + alias + "\",\"event_type\":\"api_call\",\"timestamp\":\"" + time + "\"}";
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "(no " + name + ")" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
