package io.kafkaconnect.metronome.emulator.state;

import java.time.Instant;
import java.util.Map;

/**
 * One usage event as the billing side sees it. Property values are kept as text (numbers in their
 * JSON spelling, nested values as JSON) because filters compare strings and aggregations parse numbers.
 */
public record StoredUsageEvent(String eventType, Instant timestamp, Map<String, String> properties) {
}
