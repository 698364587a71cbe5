package io.kafkaconnect.metronome.client.model;

import java.util.Map;

/**
 * A usage event, as sent to {@code POST /v1/ingest} and (with optional fields) to preview events.
 * {@code timestamp} is RFC 3339; {@code customerId} may be a Metronome id or an ingest alias.
 */
public record UsageEvent(
        String transactionId,
        String customerId,
        String eventType,
        String timestamp,
        Map<String, Object> properties) {
}
