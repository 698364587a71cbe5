package io.kafkaconnect.metronome.testkit;

import io.kafkaconnect.metronome.schema.AvroSchemaConverter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/** Writes the probe records once; {@link #expectedId(int)} and friends say what record {@code i} holds. */
public class ProbeSourceTask extends SourceTask {

    /** {@code created_at} of record 0; record i is i seconds later. */
    public static final Instant FIRST_CREATED_AT = Instant.parse("2026-01-02T03:04:05.678Z");

    private static final Map<String, String> SOURCE_PARTITION = Map.of("probe", "0");

    private final CountDownLatch stopped = new CountDownLatch(1);
    private Schema keySchema;
    private Schema valueSchema;
    private String topic;
    private int records;
    private boolean written;

    public static String expectedId(int i) {
        return "probe-" + i;
    }

    @Override
    public void start(Map<String, String> props) {
        AbstractConfig config = new AbstractConfig(ProbeSourceConnector.CONFIG_DEF, props);
        topic = config.getString(ProbeSourceConnector.TOPIC_CONFIG);
        records = config.getInt(ProbeSourceConnector.RECORDS_CONFIG);
        keySchema = AvroSchemaConverter.load("testkit_probe_key");
        valueSchema = AvroSchemaConverter.load("testkit_probe");
        // Restarted after a commit: the stored offset says the records are already written.
        Map<String, Object> offset = context.offsetStorageReader().offset(SOURCE_PARTITION);
        written = offset != null && offset.get("written") != null;
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (written) {
            // Idle without spinning; stop() releases the latch at once.
            stopped.await(200, TimeUnit.MILLISECONDS);
            return null;
        }
        written = true;
        List<SourceRecord> batch = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            Struct key = new Struct(keySchema).put("id", expectedId(i));
            batch.add(new SourceRecord(SOURCE_PARTITION, Map.of("written", (long) i), topic, null,
                    keySchema, key, valueSchema, value(i)));
        }
        return batch;
    }

    private Struct value(int i) {
        Struct value = new Struct(valueSchema)
                .put("id", expectedId(i))
                .put("note", i % 2 == 0 ? "even " + i : null)
                .put("amount", i * 1.5)
                .put("sequence", (long) i)
                .put("active", i % 2 == 0)
                .put("tags", List.of("t" + i, "all"))
                .put("labels", Map.of("index", Integer.toString(i)))
                .put("created_at", Date.from(FIRST_CREATED_AT.plusSeconds(i)));
        if (i % 2 == 1) {
            Schema detailSchema = valueSchema.field("detail").schema();
            value.put("detail", new Struct(detailSchema).put("code", "c" + i).put("level", i == 1 ? null : i));
        }
        return value;
    }

    @Override
    public void stop() {
        stopped.countDown();
    }

    @Override
    public String version() {
        return "test";
    }
}
