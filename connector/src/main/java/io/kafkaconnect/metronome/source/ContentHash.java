package io.kafkaconnect.metronome.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kafkaconnect.metronome.client.MetronomeJson;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * 64-bit fingerprints: of an API object's content (to tell whether it changed since it was last emitted) and of
 * an id (the key of {@link EmittedHashes}). Both are stable across JVMs, so they can live in Connect offsets.
 */
final class ContentHash {

    /** Map keys sorted, so two reads of unchanged content always serialise to the same bytes. */
    private static final ObjectWriter CANONICAL = MetronomeJson.MAPPER.writer()
            .with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private ContentHash() {
    }

    /** The first 64 bits of SHA-256 over the canonical JSON of {@code content}. */
    static long of(Object content) {
        try {
            return first64Bits(CANONICAL.writeValueAsBytes(content));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + content.getClass().getSimpleName(), e);
        }
    }

    static long ofId(String id) {
        return first64Bits(id.getBytes(StandardCharsets.UTF_8));
    }

    private static long first64Bits(byte[] bytes) {
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(bytes)).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
