package io.kafkaconnect.metronome.emulator.billing;

/** An invoice's status as the API spells it. */
public enum InvoiceStatus {
    /** The month is open: the invoice follows the usage as it is ingested. */
    DRAFT,
    /** The month ended: the content is frozen. */
    FINALIZED,
    /** Not used by the emulator yet; listed because the API documents it as a status filter value. */
    VOID
}
