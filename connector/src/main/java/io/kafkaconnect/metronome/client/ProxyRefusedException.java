package io.kafkaconnect.metronome.client;

/**
 * The proxy answered instead of Metronome, e.g. 403 to a CONNECT its policy does not allow. The request never
 * reached Metronome, so it is retried like a lost connection: nothing is rejected, and no answer of the proxy is
 * taken for Metronome's (a proxy's 403 is not a refused API token).
 */
public class ProxyRefusedException extends MetronomeTransportException {

    private final int status;

    public ProxyRefusedException(String endpoint, int status, String reason) {
        super(endpoint, reason, null);
        this.status = status;
    }

    /** The proxy's HTTP status. */
    public int status() {
        return status;
    }
}
