package io.kafkaconnect.metronome.source;

import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where the customers scan stands: the offset of source partition {@code {"stream":"customers"}}.
 *
 * <p>A scan lists the active customers page by page, then the archived ones, then rests until the next scan is
 * due; each phase runs every query of the {@link CustomerSelection} in turn (one query when every customer is
 * copied). {@code snapshot} is set for the first scan after the offsets were reset (or ever): it emits every
 * customer regardless of the hashes stored from earlier runs, which is how an operator backfills the topic.
 *
 * @param query       index of the selection's query under way; written to the offset only when above 0
 * @param cursor      {@code next_page} of the page to fetch next, or null for the first page of the query
 * @param completedAt when the last scan finished (phase {@link Phase#DONE} only)
 */
record CustomersCursor(Phase phase, int query, String cursor, boolean snapshot, Instant completedAt) {

    static final String PHASE = "phase";
    static final String QUERY = "query";
    static final String CURSOR = "cursor";
    static final String SNAPSHOT = "snapshot";
    static final String COMPLETED_AT = "completed_at";

    enum Phase { ACTIVE, ARCHIVED, DONE }

    /** The first scan: from the first page, emitting everything. */
    static CustomersCursor initial() {
        return new CustomersCursor(Phase.ACTIVE, 0, null, true, null);
    }

    CustomersCursor nextPage(String nextPage) {
        return new CustomersCursor(phase, query, nextPage, snapshot, null);
    }

    /** After the last page of the query under way: the next query of the phase, else the next phase. */
    CustomersCursor queryDone(int queryCount, Instant now) {
        if (query + 1 < queryCount) {
            return new CustomersCursor(phase, query + 1, null, snapshot, null);
        }
        return phase == Phase.ACTIVE
                ? new CustomersCursor(Phase.ARCHIVED, 0, null, snapshot, null)
                : new CustomersCursor(Phase.DONE, 0, null, false, now);
    }

    CustomersCursor nextScan() {
        return new CustomersCursor(Phase.ACTIVE, 0, null, false, null);
    }

    /** The phase from its first query, for a stored position whose query the selection no longer has. */
    CustomersCursor phaseRestarted() {
        return new CustomersCursor(phase, 0, null, snapshot, completedAt);
    }

    boolean onlyArchived() {
        return phase == Phase.ARCHIVED;
    }

    Map<String, Object> toOffset() {
        Map<String, Object> offset = new HashMap<>();
        offset.put(PHASE, phase.name().toLowerCase(Locale.ROOT));
        if (query > 0) {
            offset.put(QUERY, query);
        }
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
        Object query = offset.get(QUERY);
        if (query != null && !(query instanceof Number n && n.longValue() >= 0 && n.longValue() <= Integer.MAX_VALUE
                && n.doubleValue() == n.longValue())) {
            throw new IllegalArgumentException("customers offset: '" + QUERY + "' must be a whole number, 0 or more");
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
        return new CustomersCursor(parsed, query == null ? 0 : ((Number) query).intValue(), (String) cursor,
                Boolean.TRUE.equals(snapshot), completedAt);
    }
}
