package io.kafkaconnect.metronome.emulator;

/**
 * A request the emulator refuses, carrying the HTTP status and the message that ends up in the
 * {@code {"message": "..."}} error body. Thrown by the stores as well as the handlers, so the Java
 * conveniences on {@link MetronomeEmulator} fail exactly like the HTTP calls do.
 */
public final class ApiException extends RuntimeException {
    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, message);
    }
}
