package io.kafkaconnect.metronome.client.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Metronome's {@code CustomerDetail}, as returned by retrieve and list. */
public record CustomerDetail(
        String id,
        Instant createdAt,
        Instant updatedAt,
        Map<String, String> customFields,
        CustomerConfig customerConfig,
        String externalId,
        List<String> ingestAliases,
        String name,
        Instant archivedAt,
        BillableStatus currentBillableStatus) {

    public record CustomerConfig(String salesforceAccountId) {
    }

    public record BillableStatus(String value, Instant effectiveAt) {
    }
}
