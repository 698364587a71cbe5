package io.kafkaconnect.metronome.client.model;

import java.util.List;
import java.util.Map;

/** Metronome's {@code Customer}, as returned by create and set name. */
public record Customer(
        String id,
        String externalId,
        List<String> ingestAliases,
        String name,
        Map<String, String> customFields) {
}
