package io.kafkaconnect.metronome.source;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One customer's costs progress: the offset of source partition {@code {"stream":"costs","customer_id":id}}.
 *
 * @param watermark last complete UTC day whose costs were emitted, or null before the first one
 * @param hashes    content hash of each (day, credit type) bucket emitted within the lookback window and of today's
 *                  pending buckets, keyed {@code YYYY-MM-DD/credit_type_id}; re-read buckets are emitted again only
 *                  when their hash changes. Stored in the offset as {@code key=hash;key=hash}: Connect offsets hold
 *                  primitive values only.
 */
record CostsWatermark(LocalDate watermark, TreeMap<String, Long> hashes) {

    static final String WATERMARK = "watermark";
    static final String HASHES = "hashes";

    static CostsWatermark initial() {
        return new CostsWatermark(null, new TreeMap<>());
    }

    static String bucketKey(LocalDate day, String creditTypeId) {
        return day + "/" + creditTypeId;
    }

    /** Whether the bucket is new or changed since it was last emitted. */
    boolean changed(String bucketKey, long hash) {
        Long stored = hashes.get(bucketKey);
        return stored == null || stored != hash;
    }

    /** A copy keeping only the hashes of days on or after {@code oldestKept}. */
    CostsWatermark prunedBefore(LocalDate oldestKept) {
        TreeMap<String, Long> kept = new TreeMap<>(hashes.tailMap(oldestKept.toString(), true));
        return new CostsWatermark(watermark, kept);
    }

    Map<String, Object> toOffset() {
        Map<String, Object> offset = new HashMap<>();
        offset.put(WATERMARK, watermark == null ? null : watermark.toString());
        StringBuilder encoded = new StringBuilder();
        hashes.forEach((key, hash) -> {
            if (!encoded.isEmpty()) {
                encoded.append(';');
            }
            encoded.append(key).append('=').append(hash);
        });
        offset.put(HASHES, encoded.toString());
        return offset;
    }

    /** Parses a stored offset; null (no offset, or reset) means {@link #initial()}. */
    static CostsWatermark fromOffset(Map<String, ?> offset) {
        if (offset == null) {
            return initial();
        }
        Object watermark = offset.get(WATERMARK);
        LocalDate day = null;
        if (watermark != null) {
            try {
                day = LocalDate.parse(watermark.toString());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("costs offset: '" + WATERMARK + "' must be a date as YYYY-MM-DD or "
                        + "null, was " + watermark);
            }
        }
        TreeMap<String, Long> hashes = new TreeMap<>();
        Object encoded = offset.get(HASHES);
        if (encoded != null && !encoded.toString().isEmpty()) {
            for (String entry : encoded.toString().split(";")) {
                int eq = entry.lastIndexOf('=');
                try {
                    if (eq <= 0) {
                        throw new NumberFormatException();
                    }
                    LocalDate.parse(entry.substring(0, entry.indexOf('/') < 0 ? eq : entry.indexOf('/')));
                    hashes.put(entry.substring(0, eq), Long.parseLong(entry.substring(eq + 1)));
                } catch (NumberFormatException | DateTimeParseException e) {
                    throw new IllegalArgumentException("costs offset: '" + HASHES + "' must be "
                            + "'YYYY-MM-DD/credit_type_id=hash' entries separated by ';', found '" + entry + "'");
                }
            }
        }
        return new CostsWatermark(day, hashes);
    }
}
