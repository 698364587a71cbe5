package io.kafkaconnect.metronome.sink;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What applying one command came to.
 *
 * @param customerId the Metronome id of the customer, when known
 * @param message    why it was rejected or already applied; null when plainly applied
 * @param invoice    the draft invoice of a PREVIEW_EVENTS command, else null
 */
public record CommandOutcome(CommandStatus status, String customerId, String message, JsonNode invoice) {

    static CommandOutcome applied(String customerId) {
        return new CommandOutcome(CommandStatus.APPLIED, customerId, null, null);
    }

    static CommandOutcome alreadyApplied(String customerId, String message) {
        return new CommandOutcome(CommandStatus.ALREADY_APPLIED, customerId, message, null);
    }

    static CommandOutcome rejected(String customerId, String reason) {
        return new CommandOutcome(CommandStatus.REJECTED, customerId, reason, null);
    }
}
