package io.kafkaconnect.metronome.docs;

import io.kafkaconnect.metronome.sink.MetronomeSinkConfig;
import io.kafkaconnect.metronome.source.MetronomeSourceConfig;
import io.kafkaconnect.metronome.usage.MetronomeUsageSinkConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.config.types.Password;

/**
 * Renders docs/configuration.md from the connectors' ConfigDefs, so the reference cannot drift from the code.
 * {@link ConfigReferenceTest} fails when the committed copy differs; it rewrites it with {@code -Ddocs.update=true}.
 */
public final class ConfigReference {

    static final String UPDATE_COMMAND = "mvn -B -pl connector test -Dtest=ConfigReferenceTest -Ddocs.update=true";

    private ConfigReference() {
    }

    public static void main(String[] args) throws IOException {
        Path target = Path.of(args.length > 0 ? args[0] : "docs/configuration.md");
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.writeString(target, render());
    }

    static String render() {
        StringBuilder md = new StringBuilder();
        md.append("# Configuration reference\n\n")
                .append("<!-- Generated from the connectors' ConfigDefs by ConfigReference; do not edit. To update: ")
                .append(UPDATE_COMMAND).append(" -->\n\n")
                .append("Besides these settings, the connectors take Kafka Connect's own connector settings (`name`, ")
                .append("`connector.class`, `tasks.max`, converters, `transforms`, `errors.*`; the sinks also `topics` or ")
                .append("`topics.regex`): see the Kafka Connect documentation. Example configurations are in ")
                .append("[config/](../config/).\n\n")
                .append("- [Source connector](#source-connector) (`io.kafkaconnect.metronome.source.MetronomeSourceConnector`)\n")
                .append("- [Sink connector](#sink-connector) (`io.kafkaconnect.metronome.sink.MetronomeSinkConnector`)\n")
                .append("- [Usage sink connector](#usage-sink-connector) (`io.kafkaconnect.metronome.usage.MetronomeUsageSinkConnector`)\n\n");
        section(md, "Source connector", MetronomeSourceConfig.CONFIG_DEF);
        section(md, "Sink connector", MetronomeSinkConfig.CONFIG_DEF);
        section(md, "Usage sink connector", MetronomeUsageSinkConfig.CONFIG_DEF);
        return md.toString();
    }

    private static void section(StringBuilder md, String title, ConfigDef def) {
        md.append("## ").append(title).append("\n\n");
        Map<String, List<ConfigKey>> byGroup = new LinkedHashMap<>();
        def.groups().forEach(group -> byGroup.put(group, new ArrayList<>()));
        for (ConfigKey key : def.configKeys().values()) {
            byGroup.computeIfAbsent(key.group == null ? "Other" : key.group, group -> new ArrayList<>()).add(key);
        }
        byGroup.forEach((group, keys) -> {
            keys.sort((a, b) -> Integer.compare(a.orderInGroup, b.orderInGroup));
            md.append("### ").append(group).append("\n\n");
            md.append("| Name | Type | Default | Valid values | Importance | Description |\n");
            md.append("|---|---|---|---|---|---|\n");
            for (ConfigKey key : keys) {
                md.append("| `").append(key.name).append("` | ")
                        .append(key.type.name().toLowerCase(java.util.Locale.ROOT)).append(" | ")
                        .append(defaultValue(key)).append(" | ")
                        .append(validValues(key)).append(" | ")
                        .append(key.importance.name().toLowerCase(java.util.Locale.ROOT)).append(" | ")
                        .append(cell(key.documentation)).append(" |\n");
            }
            md.append('\n');
        });
    }

    private static String defaultValue(ConfigKey key) {
        if (!key.hasDefault()) {
            return "*required*";
        }
        Object value = key.defaultValue;
        if (value == null) {
            return "*none*";
        }
        if (value instanceof Password) {
            return "*hidden*";
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? "*empty*" : "`" + list.stream().map(String::valueOf).collect(Collectors.joining(",")) + "`";
        }
        if (value instanceof Class<?> type) {
            return "`" + type.getName() + "`";
        }
        String text = String.valueOf(value);
        return text.isEmpty() ? "*empty*" : "`" + cell(text) + "`";
    }

    private static String validValues(ConfigKey key) {
        if (key.recommender != null) {
            List<Object> values = key.recommender.validValues(key.name, Map.of());
            if (!values.isEmpty()) {
                return values.stream().map(value -> "`" + value + "`").collect(Collectors.joining(", "));
            }
        }
        return key.validator == null ? "" : cell(key.validator.toString());
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }
}
