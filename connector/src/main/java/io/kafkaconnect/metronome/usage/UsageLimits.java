package io.kafkaconnect.metronome.usage;

/**
 * What POST /v1/ingest takes, as the connector checks it before sending (see docs/operations.md and the emulator's
 * README for where each number comes from). The timestamp window (34 days back) is not checked here: it depends
 * on Metronome's clock, so such an event is found by Metronome's 400 and bisecting.
 */
public final class UsageLimits {

    /** transaction_id, customer_id and event_type: 1 to this many characters (code points). */
    public static final int MAX_FIELD_LENGTH = 128;

    private UsageLimits() {
    }
}
