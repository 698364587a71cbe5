package io.kafkaconnect.metronome.emulator.api;

import java.time.Duration;

/**
 * Every limit {@code POST /v1/ingest} enforces, in one place, each with where its number comes from. "Documented"
 * means Metronome says so (the SDK's {@code usage.ts} ingest doc comment or type, or {@code metronome-api.md});
 * "our reading" means Metronome publishes no number and this is the project's choice (plan13.md), which the
 * connector's pre-validation shares. README "Ingest limits" lists the same.
 */
public final class IngestLimits {
    /** Events per request, 1 to this. Our reading: the same 1-100 the docs give previewEvents' events. */
    public static final int MAX_EVENTS_PER_REQUEST = 100;

    /** transaction_id, 1 to this many code points. Our reading: the documented ingest alias limit. */
    public static final int MAX_TRANSACTION_ID_LENGTH = 128;

    /**
     * customer_id, 1 to this many code points. Documented in effect: it is a Metronome id (a UUID) or an ingest
     * alias, and aliases are 1-128 characters (metronome-api.md "Create: ingest_aliases items 1-128 characters").
     */
    public static final int MAX_CUSTOMER_ID_LENGTH = 128;

    /** event_type, 1 to this many code points. Our reading. */
    public static final int MAX_EVENT_TYPE_LENGTH = 128;

    /** How far back a timestamp may lie. Documented: usage.ts "Historical events can be backdated up to 34 days". */
    public static final Duration BACKDATING_WINDOW = Duration.ofDays(34);

    /** How far ahead of now a timestamp may lie. Our reading: the docs only speak of backdating. */
    public static final Duration MAX_AHEAD = Duration.ofDays(1);

    /**
     * How long a transaction_id keeps later events with it ignored, from its first acceptance. Documented: usage.ts
     * "Duplicate events are automatically detected and ignored (34-day deduplication window)".
     */
    public static final Duration DEDUPLICATION_WINDOW = Duration.ofDays(34);

    private IngestLimits() {
    }
}
