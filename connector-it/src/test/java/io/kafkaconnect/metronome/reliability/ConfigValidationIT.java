package io.kafkaconnect.metronome.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import io.kafkaconnect.metronome.sink.MetronomeSinkConfig;
import io.kafkaconnect.metronome.sink.MetronomeSinkConnector;
import io.kafkaconnect.metronome.source.MetronomeSourceConfig;
import io.kafkaconnect.metronome.source.MetronomeSourceConnector;
import io.kafkaconnect.metronome.testkit.ConnectClusterExtension;
import io.kafkaconnect.metronome.testkit.ConnectTestClusters;
import io.kafkaconnect.metronome.testkit.EmulatorExtension;
import io.kafkaconnect.metronome.usage.MetronomeUsageSinkConfig;
import io.kafkaconnect.metronome.usage.MetronomeUsageSinkConnector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every setting of every connector, through the worker's REST validation ({@code PUT
 * /connector-plugins/{class}/config/validate}): each required one left out, and each given invalid values, is
 * refused with the error on exactly that field, while the valid configuration passes. The lists below must cover
 * every key of every ConfigDef, so a new setting without a refusal case fails this test.
 */
class ConfigValidationIT {

    /** Values that each shared "Metronome API" setting must refuse. */
    private static final Map<String, List<String>> INVALID_CONNECTION = Map.of(
            "metronome.api.url", List.of("ftp://127.0.0.1/", "not a url", "", "http://127.0.0.1:1"),
            "metronome.api.token", List.of("not-the-token"),
            "metronome.connect.timeout.ms", List.of("99", "300001", "ten"),
            "metronome.response.timeout.ms", List.of("99", "600001", "ten"),
            "metronome.retry.max.attempts", List.of("0", "101", "many"),
            "metronome.retry.backoff.ms", List.of("0", "600001", "soon"),
            "metronome.retry.backoff.max.ms", List.of("0", "3600001", "soon"),
            "metronome.requests.per.second", List.of("-1", "fast"),
            "metronome.max.connections", List.of("0", "1025", "all"));

    /**
     * Values that each "Metronome API: network" setting must refuse. A wrong trust store password is blamed on the
     * location (the file does not open), so the password field has no case of its own.
     */
    private static final Map<String, List<String>> INVALID_NETWORK = Map.of(
            "metronome.proxy.url", List.of("ftp://127.0.0.1:21", "http://127.0.0.1", "https://127.0.0.1:3129",
                    "http://user:secret@127.0.0.1:3128"),
            "metronome.proxy.username", List.of("connect"), // without a proxy URL
            "metronome.proxy.password", List.of("secret"), // without a username
            "metronome.ssl.truststore.location", List.of("/no/such/truststore.p12",
                    Path.of("pom.xml").toAbsolutePath().toString()), // a file, but no trust store
            "metronome.ssl.truststore.password", List.of(),
            "metronome.ssl.truststore.type", List.of("PEM"));

    private static final Map<String, List<String>> INVALID_SOURCE = Map.ofEntries(
            Map.entry("streams", List.of("", "customers,invoice")),
            Map.entry("poll.interval.ms", List.of("99", "hourly")),
            Map.entry("customers.page.size", List.of("0", "101", "big")),
            Map.entry("customers.archived.tombstones", List.of("maybe")),
            Map.entry("customers.ids", List.of("a,,b", "a,", "has space", "a,b,a")),
            Map.entry("customers.salesforce.account.ids", List.of(",x", "001 A", "x,x")),
            Map.entry("topic.prefix", List.of("", "bad prefix!", "x".repeat(201))),
            Map.entry("progress.topic", List.of("bad topic!")),
            Map.entry("costs.start.date", List.of("2024-13-01", "yesterday")),
            Map.entry("costs.lookback.days", List.of("-1", "91", "week")),
            Map.entry("costs.window.days", List.of("0", "367", "month")),
            Map.entry("decimal.handling.mode", List.of("", "float", "exact")),
            Map.entry("costs.line.items", List.of("maybe")),
            Map.entry("invoices.include.drafts", List.of("maybe")),
            Map.entry("invoices.start.date", List.of("2024-02-30", "last month")));

    private static final Map<String, List<String>> INVALID_SINK = Map.of(
            "commands.max.in.flight", List.of("0", "4097", "many"),
            "commands.max.buffered", List.of("0", "1000001", "lots"),
            "commands.retry.backoff.ms", List.of("0", "600001", "soon"),
            "commands.retry.backoff.max.ms", List.of("0", "3600001", "soon"),
            "alias.cache.size", List.of("-1", "10000001", "big"),
            "alias.cache.ttl.ms", List.of("-1", "forever"),
            "results.topic", List.of(""),
            "results.bootstrap.servers", List.of("", "broker:9092,broker:9092"),
            "results.converter", List.of("com.example.NoSuchConverter"));

    private static final Map<String, List<String>> INVALID_USAGE_SINK = Map.ofEntries(
            Map.entry("usage.batch.max.events", List.of("0", "101", "all")),
            Map.entry("usage.max.in.flight", List.of("0", "1025", "many")),
            Map.entry("usage.max.buffered.events", List.of("0", "10000001", "lots")),
            Map.entry("usage.retry.backoff.ms", List.of("0", "600001", "soon")),
            Map.entry("usage.retry.backoff.max.ms", List.of("0", "3600001", "soon")),
            Map.entry("usage.field.transaction.id", List.of("", "meta..id", ".id")),
            Map.entry("usage.field.customer.id", List.of(" ", "account.")),
            Map.entry("usage.field.event.type", List.of("", "a..b")),
            Map.entry("usage.field.timestamp", List.of("", ".")),
            Map.entry("usage.field.properties", List.of("", "data..")),
            Map.entry("usage.event.type", List.of(" ", "e".repeat(129))));

    @RegisterExtension
    static final EmulatorExtension EMULATOR = new EmulatorExtension("validation-token");
    @RegisterExtension
    static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(
            ConnectTestClusters.builder().name("config-validation-it"));

    private final MetronomeEmulator emulator = EMULATOR.emulator();
    private final EmbeddedConnectCluster cluster = CONNECT.cluster();

    @Test
    void sourceRefusesEachMissingOrInvalidSettingOnItsOwnField() {
        Map<String, List<String>> invalid = merge(merge(INVALID_CONNECTION, INVALID_NETWORK), INVALID_SOURCE);
        assertThat(invalid.keySet()).as("refusal cases for every source setting")
                .containsExactlyInAnyOrderElementsOf(MetronomeSourceConfig.CONFIG_DEF.names());
        assertRefusals(MetronomeSourceConnector.class.getName(), MetronomeSourceConfig.CONFIG_DEF, sourceConfig(),
                invalid);
    }

    @Test
    void sinkRefusesEachMissingOrInvalidSettingOnItsOwnField() {
        Map<String, List<String>> invalid = merge(merge(INVALID_CONNECTION, INVALID_NETWORK), INVALID_SINK);
        assertThat(invalid.keySet()).as("refusal cases for every sink setting")
                .containsExactlyInAnyOrderElementsOf(MetronomeSinkConfig.CONFIG_DEF.names());
        assertRefusals(MetronomeSinkConnector.class.getName(), MetronomeSinkConfig.CONFIG_DEF, sinkConfig(),
                invalid);
    }

    @Test
    void usageSinkRefusesEachMissingOrInvalidSettingOnItsOwnField() {
        Map<String, List<String>> invalid = merge(merge(INVALID_CONNECTION, INVALID_NETWORK), INVALID_USAGE_SINK);
        assertThat(invalid.keySet()).as("refusal cases for every usage sink setting")
                .containsExactlyInAnyOrderElementsOf(MetronomeUsageSinkConfig.CONFIG_DEF.names());
        Map<String, String> config = connection();
        config.put("connector.class", MetronomeUsageSinkConnector.class.getName());
        config.put("topics", "usage");
        assertRefusals(MetronomeUsageSinkConnector.class.getName(), MetronomeUsageSinkConfig.CONFIG_DEF, config,
                invalid);
    }

    private void assertRefusals(String plugin, ConfigDef def, Map<String, String> valid,
                                Map<String, List<String>> invalid) {
        assertThat(errors(plugin, valid)).as("errors of the valid configuration").isEmpty();
        List<String> problems = new ArrayList<>();
        for (ConfigDef.ConfigKey key : def.configKeys().values()) {
            if (!key.hasDefault()) {
                Map<String, String> missing = new HashMap<>(valid);
                missing.remove(key.name);
                check(plugin, missing, key.name, "(missing)", problems);
            }
            for (String value : invalid.get(key.name)) {
                Map<String, String> config = new HashMap<>(valid);
                config.put(key.name, value);
                check(plugin, config, key.name, value, problems);
            }
        }
        assertThat(problems).as("settings not refused on their own field").isEmpty();
    }

    private void check(String plugin, Map<String, String> config, String field, String value, List<String> problems) {
        Map<String, List<String>> errors = errors(plugin, config);
        if (!errors.keySet().equals(Set.of(field))
                || errors.get(field).stream().anyMatch(message -> message == null || message.isBlank())) {
            problems.add(field + "=" + abbreviated(value) + " gave " + errors);
        }
    }

    /** Field → its error messages, for the fields that have any. */
    private Map<String, List<String>> errors(String plugin, Map<String, String> config) {
        ConfigInfos infos = cluster.validateConnectorConfig(plugin, config);
        return infos.configs().stream().map(ConfigInfo::configValue)
                .filter(v -> !v.errors().isEmpty())
                .collect(Collectors.toMap(v -> v.name(), v -> v.errors()));
    }

    private Map<String, String> sourceConfig() {
        Map<String, String> config = connection();
        config.put("connector.class", MetronomeSourceConnector.class.getName());
        config.put("streams", "customers,costs");
        config.put("costs.start.date", "2024-01-01");
        config.put("progress.topic", "validation.progress");
        return config;
    }

    private Map<String, String> sinkConfig() {
        Map<String, String> config = connection();
        config.put("connector.class", MetronomeSinkConnector.class.getName());
        config.put("topics", "commands");
        config.put("results.bootstrap.servers", cluster.kafka().bootstrapServers());
        return config;
    }

    private Map<String, String> connection() {
        Map<String, String> config = new HashMap<>();
        config.put("name", "validation");
        config.put("metronome.api.url", emulator.baseUrl());
        config.put("metronome.api.token", emulator.token());
        return config;
    }

    private static Map<String, List<String>> merge(Map<String, List<String>> a, Map<String, List<String>> b) {
        Map<String, List<String>> merged = new HashMap<>(a);
        merged.putAll(b);
        return merged;
    }

    private static String abbreviated(String value) {
        return value.length() > 30 ? value.substring(0, 30) + "…" : value;
    }
}
