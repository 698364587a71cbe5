package io.kafkaconnect.metronome.client;

/** No usable HTTP answer: connection refused or reset, timeout, unreadable body. Always retriable. */
public class MetronomeTransportException extends MetronomeException {

    public MetronomeTransportException(String endpoint, Throwable cause) {
        super(endpoint + " failed: " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), true, cause);
    }

    protected MetronomeTransportException(String endpoint, String reason, Throwable cause) {
        super(endpoint + " failed: " + reason, true, cause);
    }
}
