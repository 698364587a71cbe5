package io.kafkaconnect.metronome.sink;

import io.kafkaconnect.metronome.client.Backoff;
import io.kafkaconnect.metronome.config.MetronomeConnectionConfig;
import io.kafkaconnect.metronome.config.Validators.BootstrapServersValidator;
import io.kafkaconnect.metronome.sinkcommon.SinkRetries;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.NonEmptyString;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Settings of {@link MetronomeSinkConnector}: the shared "Metronome API" group plus "Commands" and "Results". */
public final class MetronomeSinkConfig extends MetronomeConnectionConfig {

    public static final String COMMANDS_GROUP = "Commands";
    public static final String RESULTS_GROUP = "Results";

    public static final String MAX_IN_FLIGHT = "commands.max.in.flight";
    public static final String MAX_BUFFERED = "commands.max.buffered";
    public static final String RETRY_BACKOFF_MS = "commands.retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "commands.retry.backoff.max.ms";
    public static final String ALIAS_CACHE_SIZE = "alias.cache.size";
    public static final String ALIAS_CACHE_TTL_MS = "alias.cache.ttl.ms";

    public static final String RESULTS_TOPIC = "results.topic";
    public static final String RESULTS_BOOTSTRAP_SERVERS = "results.bootstrap.servers";
    public static final String RESULTS_CONVERTER = "results.converter";
    /** Prefix of the results producer's own settings, e.g. {@code results.producer.security.protocol}. */
    public static final String RESULTS_PRODUCER_PREFIX = "results.producer.";
    /** Prefix of the results converter's settings, e.g. {@code results.converter.schemas.enable}. */
    public static final String RESULTS_CONVERTER_PREFIX = "results.converter.";

    public static final ConfigDef CONFIG_DEF = configDef();

    public MetronomeSinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props, "metronome-sink");
    }

    private static ConfigDef configDef() {
        ConfigDef def = MetronomeConnectionConfig.addTo(new ConfigDef());
        int order = 0;
        def.define(MAX_IN_FLIGHT, Type.INT, 64, Range.between(1, 4096), Importance.MEDIUM,
                        "Commands a task applies at once. Commands for one customer always apply one after another in "
                                + "topic order; this bounds how many customers are worked on concurrently. Keep it at "
                                + "or below metronome.max.connections.",
                        COMMANDS_GROUP, ++order, Width.SHORT, "Max in-flight commands")
                .define(MAX_BUFFERED, Type.INT, 10_000, Range.between(1, 1_000_000), Importance.LOW,
                        "Commands a task holds (in flight plus waiting in customer lanes). Above it the task pauses "
                                + "consumption until half of them are done; nothing is dropped.",
                        COMMANDS_GROUP, ++order, Width.SHORT, "Max buffered commands");
        order = SinkRetries.defineBackoff(def, COMMANDS_GROUP, order, "command", RETRY_BACKOFF_MS, RETRY_BACKOFF_MAX_MS,
                "First wait before a command that failed transiently (429, 5xx, connection errors, after the "
                        + "client's own retries) is tried again; doubles per attempt. Such commands are "
                        + "retried until they succeed or are rejected: none is lost.");
        def.define(ALIAS_CACHE_SIZE, Type.INT, 100_000, Range.between(0, 10_000_000), Importance.LOW,
                        "Ingest alias to customer id resolutions a task remembers; 0 disables the cache.",
                        COMMANDS_GROUP, ++order, Width.SHORT, "Alias cache size")
                .define(ALIAS_CACHE_TTL_MS, Type.LONG, 600_000L, Range.atLeast(0), Importance.LOW,
                        "How long a resolution is trusted. A task updates its cache when it changes aliases itself; "
                                + "the TTL bounds staleness when aliases change elsewhere.",
                        COMMANDS_GROUP, ++order, Width.SHORT, "Alias cache TTL (ms)");
        order = 0;
        def.define(RESULTS_TOPIC, Type.STRING, "metronome.command-results", new NonEmptyString(), Importance.HIGH,
                        "Topic that receives one result record per command (schemas/command_result.avsc), keyed by "
                                + "command id. Create it beforehand unless the brokers auto-create topics.",
                        RESULTS_GROUP, ++order, Width.LONG, "Results topic")
                .define(RESULTS_BOOTSTRAP_SERVERS, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new BootstrapServersValidator(),
                        Importance.HIGH,
                        "Kafka cluster of the results topic (usually the worker's bootstrap.servers: Connect gives "
                                + "sink tasks no producer). Further producer settings (security etc.) go in "
                                + RESULTS_PRODUCER_PREFIX + "*.",
                        RESULTS_GROUP, ++order, Width.LONG, "Results bootstrap servers")
                .define(RESULTS_CONVERTER, Type.CLASS, "org.apache.kafka.connect.json.JsonConverter", Importance.MEDIUM,
                        "Converter that serialises result records; its settings go in " + RESULTS_CONVERTER_PREFIX
                                + "* (e.g. schemas.enable, or a schema registry URL for an Avro converter).",
                        RESULTS_GROUP, ++order, Width.LONG, "Results converter");
        return def;
    }

    public int maxInFlight() {
        return getInt(MAX_IN_FLIGHT);
    }

    public int maxBuffered() {
        return getInt(MAX_BUFFERED);
    }

    /** The waits between attempts of a command that failed transiently. */
    public Backoff commandRetryBackoff() {
        return SinkRetries.backoff(this, RETRY_BACKOFF_MS, RETRY_BACKOFF_MAX_MS);
    }

    public int aliasCacheSize() {
        return getInt(ALIAS_CACHE_SIZE);
    }

    public Duration aliasCacheTtl() {
        return Duration.ofMillis(getLong(ALIAS_CACHE_TTL_MS));
    }

    public String resultsTopic() {
        return getString(RESULTS_TOPIC);
    }
}
