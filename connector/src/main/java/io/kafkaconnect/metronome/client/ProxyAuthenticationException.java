package io.kafkaconnect.metronome.client;

/**
 * The proxy answered 407: its credentials are missing or wrong. The request never reached Metronome, so it is
 * retried like a lost connection (nothing is rejected because of the proxy); the message never holds the password.
 */
public final class ProxyAuthenticationException extends MetronomeTransportException {

    public ProxyAuthenticationException(String endpoint, Throwable cause) {
        super(endpoint, "the proxy requires authentication (HTTP 407): its username or password is missing or wrong",
                cause);
    }
}
