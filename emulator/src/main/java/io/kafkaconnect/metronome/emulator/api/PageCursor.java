package io.kafkaconnect.metronome.emulator.api;

import io.kafkaconnect.metronome.emulator.ApiException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque {@code next_page} cursors: base64url of "kind:position", where the position is the last
 * creation sequence returned (lists) or the next bucket's epoch day (costs). Positions rather than
 * offsets keep pagination stable while new items are added. Invoices page on a text position, the last invoice's
 * sort key (see {@link InvoiceHandlers}).
 */
final class PageCursor {
    private PageCursor() {
    }

    static String encode(String kind, long position) {
        byte[] raw = (kind + ":" + position).getBytes(StandardCharsets.UTF_8);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    static String encodeText(String kind, String position) {
        byte[] raw = (kind + ":" + position).getBytes(StandardCharsets.UTF_8);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /** The text position of a cursor {@link #encodeText} made for {@code kind}. */
    static String decodeText(String kind, String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (raw.startsWith(kind + ":") && raw.length() > kind.length() + 1) {
                return raw.substring(kind.length() + 1);
            }
        } catch (IllegalArgumentException malformed) {
            // reported below, like a cursor of another kind
        }
        throw ApiException.badRequest("Invalid next_page cursor");
    }

    static long decode(String kind, String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (raw.startsWith(kind + ":")) {
                long position = Long.parseLong(raw.substring(kind.length() + 1));
                if (position >= 0) {
                    return position;
                }
            }
        } catch (IllegalArgumentException malformed) {
            // reported below, like a cursor of another kind
        }
        throw ApiException.badRequest("Invalid next_page cursor");
    }
}
