package io.kafkaconnect.metronome.emulator.state;

import java.util.Map;

/**
 * What ingest did, for tests that prove exactly-once delivery ({@code GET /_emulator/usage}).
 *
 * @param total             events accepted (duplicates not counted; unmatched ones counted)
 * @param duplicatesIgnored events ignored because their transaction_id was accepted within the window
 * @param unmatched         accepted events whose customer_id named no customer
 * @param customers         accepted events per Metronome customer id
 */
public record UsageCounts(long total, long duplicatesIgnored, long unmatched, Map<String, Long> customers) {
}
