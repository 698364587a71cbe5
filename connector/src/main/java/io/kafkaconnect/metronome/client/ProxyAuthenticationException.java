package io.kafkaconnect.metronome.client;

/**
 * The proxy answered 407, to a forwarded request or to CONNECT: its credentials are missing or wrong. Retried like
 * any {@link ProxyRefusedException}; the message never holds the password.
 */
public final class ProxyAuthenticationException extends ProxyRefusedException {

    public ProxyAuthenticationException(String endpoint) {
        super(endpoint, 407,
                "the proxy requires authentication (HTTP 407): its username or password is missing or wrong");
    }
}
