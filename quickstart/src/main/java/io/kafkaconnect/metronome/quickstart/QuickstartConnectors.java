package io.kafkaconnect.metronome.quickstart;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The connectors the quickstart creates, as config/*.json define them (source, command sink, usage sink), and the
 * topics they read and write.
 *
 * @param iceberg Apache Iceberg's sink (--warehouse), or null
 */
record QuickstartConnectors(ConnectorConfig source, ConnectorConfig sink, ConnectorConfig usage,
                            ConnectorConfig iceberg) {

    static QuickstartConnectors read(Path configDir, boolean warehouse) throws IOException {
        return new QuickstartConnectors(
                InvoicesDemo.withInvoices(ConnectorConfig.read(configDir.resolve("metronome-source.json"))),
                ConnectorConfig.read(configDir.resolve("metronome-sink.json")),
                ConnectorConfig.read(configDir.resolve("metronome-usage-sink.json")),
                warehouse ? ConnectorConfig.read(configDir.resolve("warehouse").resolve("iceberg-sink.json")) : null);
    }

    boolean warehouse() {
        return iceberg != null;
    }

    /** The source's streams, e.g. customers, costs. */
    List<String> streams() {
        return Arrays.stream(source.get("streams").split(",")).map(String::trim).toList();
    }

    String commandsTopic() {
        return sink.get("topics");
    }

    String usageTopic() {
        return usage.get("topics");
    }

    /** The topics the quickstart prints: each stream's, then the results; topic → stream ("results" for these). */
    Map<String, String> printedTopics() {
        Map<String, String> streamByTopic = new LinkedHashMap<>();
        streams().forEach(stream -> streamByTopic.put(source.get("topic.prefix") + "." + stream, stream));
        streamByTopic.put(sink.get("results.topic"), "results");
        return streamByTopic;
    }

    /** Every topic the connectors use, created before they start. */
    List<String> topics() {
        List<String> topics = new ArrayList<>(printedTopics().keySet());
        topics.add(commandsTopic());
        topics.add(usageTopic());
        for (ConnectorConfig connector : List.of(sink, usage)) {
            if (connector.config().containsKey("errors.deadletterqueue.topic.name")) {
                topics.add(connector.get("errors.deadletterqueue.topic.name"));
            }
        }
        if (iceberg != null) {
            topics.add(iceberg.get("iceberg.control.topic"));
        }
        return topics;
    }
}
