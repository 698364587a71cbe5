package io.kafkaconnect.metronome.emulator.billing;

/** An invoice's status as the API spells it. */
public enum InvoiceStatus {
    /** The month is open: the invoice follows the usage as it is ingested. */
    DRAFT,
    /** The month ended: the content is frozen. */
    FINALIZED,
    /** The customer was archived while the month was open: the content is frozen as it was then. */
    VOID
}
