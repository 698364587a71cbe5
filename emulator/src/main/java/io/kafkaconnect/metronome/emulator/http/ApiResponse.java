package io.kafkaconnect.metronome.emulator.http;

import java.util.Map;

/**
 * A complete HTTP answer, kept as bytes so an idempotent replay is byte-for-byte identical.
 *
 * @param body null for an empty body
 */
public record ApiResponse(int status, Map<String, String> headers, byte[] body) {
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    public static ApiResponse json(int status, Object value) {
        return new ApiResponse(status, JSON, JsonCodec.write(value));
    }

    /** The usual success envelope {@code {"data": value}}. */
    public static ApiResponse data(Object value) {
        return json(200, Map.of("data", value));
    }

    /** 200 without a body, like Metronome's "void" endpoints. */
    public static ApiResponse empty() {
        return new ApiResponse(200, Map.of(), null);
    }

    public static ApiResponse error(int status, String message) {
        return json(status, Map.of("message", message));
    }
}
