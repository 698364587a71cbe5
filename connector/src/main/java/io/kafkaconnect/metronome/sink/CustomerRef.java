package io.kafkaconnect.metronome.sink;

/**
 * How a command names its customer: by Metronome id or by one of its ingest aliases (exactly one is set).
 * Commands with the same reference share a lane and apply in topic order.
 */
public record CustomerRef(String customerId, String ingestAlias) {

    public static CustomerRef byId(String customerId) {
        return new CustomerRef(customerId, null);
    }

    public static CustomerRef byAlias(String ingestAlias) {
        return new CustomerRef(null, ingestAlias);
    }

    /** The key of this customer's lane; ids and aliases live in separate key spaces. */
    public String laneKey() {
        return customerId != null ? "id:" + customerId : "alias:" + ingestAlias;
    }

    @Override
    public String toString() {
        return customerId != null ? "customer " + customerId : "customer with ingest alias \"" + ingestAlias + "\"";
    }
}
