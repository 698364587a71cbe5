package io.kafkaconnect.metronome.source;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One customer's invoices progress: the offset of source partition {@code {"stream":"invoices","customer_id":id}}.
 * Together the three parts say exactly which invoices were emitted, so a restart resumes after the last record
 * Connect committed, even in the middle of a month or of a page.
 *
 * @param watermark every closed (FINALIZED or VOID) invoice of a billing period starting before this instant was
 *                  emitted: the end of the latest closed period with no open (DRAFT) period before it, or null
 *                  before the first. The next visit lists only periods starting at or after it.
 * @param emitted   ids of the closed invoices emitted whose period starts at or after the watermark (a month of
 *                  several credit types emitted in part, or a record that is not the visit's last)
 * @param drafts    with drafts on: the content hash each draft was last emitted with, by invoice id; a draft is
 *                  emitted again only when its hash changes
 * @param finished  the customer is archived and every invoice of it was closed and emitted: Metronome bills an
 *                  archived customer no more (archiving "voids their invoices", metronome-api.md; the emulator's
 *                  InvoiceLedger voids the open months and bills none after), so later scans skip it without a
 *                  request. Offsets written before this field existed lack it: false.
 */
record InvoicesPosition(Instant watermark, TreeSet<String> emitted, TreeMap<String, Long> drafts, boolean finished) {

    static final String WATERMARK = "watermark";
    static final String EMITTED = "emitted";
    static final String DRAFTS = "drafts";
    static final String FINISHED = "finished";

    InvoicesPosition(Instant watermark, TreeSet<String> emitted, TreeMap<String, Long> drafts) {
        this(watermark, emitted, drafts, false);
    }

    static InvoicesPosition initial(Instant startingOn) {
        return new InvoicesPosition(startingOn, new TreeSet<>(), new TreeMap<>());
    }

    /** Connect offsets hold primitive values only: the sets are ';'-separated text, ids URL-encoded. */
    Map<String, Object> toOffset() {
        Map<String, Object> offset = new HashMap<>();
        offset.put(WATERMARK, watermark == null ? null : watermark.toString());
        offset.put(EMITTED, String.join(";", emitted.stream().map(InvoicesPosition::encode).toList()));
        offset.put(DRAFTS, String.join(";", drafts.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + e.getValue()).toList()));
        if (finished) {
            offset.put(FINISHED, true); // absent while false: an active customer's offset keeps its old shape
        }
        return offset;
    }

    /** Parses a stored offset; null (no offset, or reset) starts at {@code startingOn}. */
    static InvoicesPosition fromOffset(Map<String, ?> offset, Instant startingOn) {
        if (offset == null) {
            return initial(startingOn);
        }
        Object watermark = offset.get(WATERMARK);
        Instant at = null;
        if (watermark != null) {
            try {
                at = Instant.parse(watermark.toString());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("invoices offset: '" + WATERMARK + "' must be an RFC 3339 UTC "
                        + "instant (2024-07-01T00:00:00Z) or null, was " + watermark);
            }
        }
        TreeSet<String> emitted = new TreeSet<>();
        for (String entry : entries(offset.get(EMITTED))) {
            emitted.add(decode(entry, EMITTED));
        }
        TreeMap<String, Long> drafts = new TreeMap<>();
        for (String entry : entries(offset.get(DRAFTS))) {
            int eq = entry.lastIndexOf('=');
            try {
                if (eq <= 0) {
                    throw new NumberFormatException();
                }
                drafts.put(decode(entry.substring(0, eq), DRAFTS), Long.parseLong(entry.substring(eq + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invoices offset: '" + DRAFTS + "' must be 'invoice_id=hash' "
                        + "entries separated by ';', found '" + entry + "'");
            }
        }
        Object finished = offset.get(FINISHED);
        if (finished != null && !(finished instanceof Boolean)) {
            throw new IllegalArgumentException("invoices offset: '" + FINISHED + "' must be true, false or absent, "
                    + "was " + finished);
        }
        return new InvoicesPosition(at, emitted, drafts, Boolean.TRUE.equals(finished));
    }

    /** For {@code alterOffsets}: any well-formed offset, whatever the start date. */
    static InvoicesPosition fromOffset(Map<String, ?> offset) {
        return fromOffset(offset, null);
    }

    private static String[] entries(Object text) {
        if (text != null && !(text instanceof String)) {
            throw new IllegalArgumentException("invoices offset: '" + EMITTED + "' and '" + DRAFTS + "' must be text, "
                    + "found " + text);
        }
        return text == null || ((String) text).isEmpty() ? new String[0] : ((String) text).split(";");
    }

    private static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    private static String decode(String text, String field) {
        try {
            String id = URLDecoder.decode(text, StandardCharsets.UTF_8);
            if (id.isEmpty()) {
                throw new IllegalArgumentException("empty");
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invoices offset: '" + field + "' holds a malformed invoice id '"
                    + text + "'");
        }
    }
}
