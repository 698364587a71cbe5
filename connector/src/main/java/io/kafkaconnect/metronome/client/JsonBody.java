package io.kafkaconnect.metronome.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;

/**
 * A request body already written as JSON (with {@link MetronomeJson#MAPPER}). The bytes are made once, on the
 * thread that calls {@link #of}, instead of by the client for each attempt: a caller with many requests in flight
 * keeps the work off the client's one I/O thread, which would otherwise write the next body while answers wait.
 * The bytes are never changed after construction.
 */
public final class JsonBody {

    private final byte[] bytes;

    private JsonBody(byte[] bytes) {
        this.bytes = bytes;
    }

    /** @throws IllegalArgumentException when Jackson cannot write the value */
    public static JsonBody of(Object value) {
        try {
            return new JsonBody(MetronomeJson.MAPPER.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise request body: " + e.getOriginalMessage(), e);
        }
    }

    /** Size in bytes. */
    public int length() {
        return bytes.length;
    }

    /** The JSON text. */
    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The bytes themselves, not a copy: only the client reads them. */
    byte[] bytes() {
        return bytes;
    }
}
