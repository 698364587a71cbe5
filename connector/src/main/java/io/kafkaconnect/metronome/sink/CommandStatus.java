package io.kafkaconnect.metronome.sink;

/** The statuses of {@code schemas/command_result.avsc}. */
public enum CommandStatus {
    /** This delivery changed Metronome (or produced the preview). */
    APPLIED,
    /** Metronome already was in the commanded state (a redelivered command, a second archive). */
    ALREADY_APPLIED,
    /** The command can never be applied as sent; the record also went to the dead-letter queue. */
    REJECTED
}
