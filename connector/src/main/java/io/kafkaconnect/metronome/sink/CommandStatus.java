package io.kafkaconnect.metronome.sink;

/** The statuses of {@code schemas/command_result.avsc}. */
public enum CommandStatus {
    /** This delivery changed Metronome (or produced the preview). */
    APPLIED,
    /**
     * Metronome already was in the commanded state (a redelivered command, a second archive). A CREATE redelivered
     * after a rebalance also reports this when its revoked first delivery created the customer.
     */
    ALREADY_APPLIED,
    /** The command can never be applied as sent; the record also went to the dead-letter queue. */
    REJECTED
}
