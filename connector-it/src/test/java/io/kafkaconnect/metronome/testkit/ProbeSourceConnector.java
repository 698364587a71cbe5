package io.kafkaconnect.metronome.testkit;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Test-only source connector: one task writes {@code records} records of {@code schemas/testkit_probe.avsc}
 * (converted by the project's {@code AvroSchemaConverter}) to {@code topic}, then stays idle. It lets the
 * test kit be checked end to end (Connect → converter → registry → Kafka) without a Metronome connector.
 */
public class ProbeSourceConnector extends SourceConnector {

    public static final String TOPIC_CONFIG = "topic";
    public static final String RECORDS_CONFIG = "records";

    static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(TOPIC_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "Topic to write to.")
            .define(RECORDS_CONFIG, Type.INT, 3, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                    "Number of records to write.");

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return ProbeSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(props);
    }

    @Override
    public void stop() {
        // Nothing to release.
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public String version() {
        return "test";
    }
}
