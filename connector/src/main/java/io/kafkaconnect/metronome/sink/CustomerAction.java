package io.kafkaconnect.metronome.sink;

/** The actions of {@code schemas/customer_command.avsc}. */
public enum CustomerAction {
    CREATE,
    SET_NAME,
    SET_INGEST_ALIASES,
    ARCHIVE,
    UPDATE_CONFIG,
    PREVIEW_EVENTS
}
