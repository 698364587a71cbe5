package io.kafkaconnect.metronome.source;

import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where the customers scan stands: the offset of source partition {@code {"stream":"customers"}}.
 *
 * <p>A scan lists the active customers page by page, then the archived ones, then rests until the next scan is
 * due. {@code snapshot} is set for the first scan after the offsets were reset (or ever): it emits every customer
 * regardless of the hashes stored from earlier runs, which is how an operator backfills the topic.
 *
 * @param cursor      {@code next_page} of the page to fetch next, or null for the first page of the phase
 * @param completedAt when the last scan finished (phase {@link Phase#DONE} only)
 */
record CustomersCursor(Phase phase, String cursor, boolean snapshot, Instant completedAt) {

    static final String PHASE = "phase";
    static final String CURSOR = "cursor";
    static final String SNAPSHOT = "snapshot";
    static final String COMPLETED_AT = "completed_at";

    enum Phase { ACTIVE, ARCHIVED, DONE }

    /** The first scan: from the first page, emitting everything. */
    static CustomersCursor initial() {
        return new CustomersCursor(Phase.ACTIVE, null, true, null);
    }

    CustomersCursor nextPage(String nextPage) {
        return new CustomersCursor(phase, nextPage, snapshot, null);
    }

    /** After the last page of the phase. */
    CustomersCursor phaseDone(Instant now) {
        return phase == Phase.ACTIVE
                ? new CustomersCursor(Phase.ARCHIVED, null, snapshot, null)
                : new CustomersCursor(Phase.DONE, null, false, now);
    }

    CustomersCursor nextScan() {
        return new CustomersCursor(Phase.ACTIVE, null, false, null);
    }

    boolean onlyArchived() {
        return phase == Phase.ARCHIVED;
    }

    Map<String, Object> toOffset() {
        Map<String, Object> offset = new HashMap<>();
        offset.put(PHASE, phase.name().toLowerCase(Locale.ROOT));
        offset.put(CURSOR, cursor);
        offset.put(SNAPSHOT, snapshot);
        if (completedAt != null) {
            offset.put(COMPLETED_AT, completedAt.toEpochMilli());
        }
        return offset;
    }

    /** Parses a stored offset; null (no offset, or reset) means {@link #initial()}. */
    static CustomersCursor fromOffset(Map<String, ?> offset) {
        if (offset == null) {
            return initial();
        }
        Object phase = offset.get(PHASE);
        Phase parsed;
        try {
            parsed = Phase.valueOf(String.valueOf(phase).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("customers offset: '" + PHASE + "' must be active, archived or done, was "
                    + phase);
        }
        Object cursor = offset.get(CURSOR);
        if (cursor != null && !(cursor instanceof String)) {
            throw new IllegalArgumentException("customers offset: '" + CURSOR + "' must be a string or null");
        }
        Object snapshot = offset.get(SNAPSHOT);
        if (snapshot != null && !(snapshot instanceof Boolean)) {
            throw new IllegalArgumentException("customers offset: '" + SNAPSHOT + "' must be true or false");
        }
        Object completed = offset.get(COMPLETED_AT);
        if (completed != null && !(completed instanceof Number)) {
            throw new IllegalArgumentException("customers offset: '" + COMPLETED_AT + "' must be epoch milliseconds");
        }
        Instant completedAt = completed == null ? null : Instant.ofEpochMilli(((Number) completed).longValue());
        if (parsed == Phase.DONE && completedAt == null) {
            completedAt = Instant.EPOCH; // due at once
        }
        return new CustomersCursor(parsed, (String) cursor, Boolean.TRUE.equals(snapshot), completedAt);
    }
}
