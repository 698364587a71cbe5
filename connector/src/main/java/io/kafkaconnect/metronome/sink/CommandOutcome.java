package io.kafkaconnect.metronome.sink;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What applying one command came to.
 *
 * @param customerId the Metronome id of the customer, when known
 * @param message    why it was rejected or already applied, or what Metronome changed in an applied command (a
 *                   name truncated to 160 characters); null when plainly applied
 * @param invoices   every draft invoice of a PREVIEW_EVENTS command, in Metronome's order (one per credit type the
 *                   customer is billed in), else null
 */
public record CommandOutcome(CommandStatus status, String customerId, String message, List<JsonNode> invoices) {

    public CommandOutcome {
        invoices = invoices == null ? null : List.copyOf(invoices);
    }

    /** The first draft invoice of a preview; null for other commands and for a preview that returned none. */
    public JsonNode invoice() {
        return invoices == null || invoices.isEmpty() ? null : invoices.get(0);
    }

    static CommandOutcome applied(String customerId) {
        return new CommandOutcome(CommandStatus.APPLIED, customerId, null, null);
    }

    /** Applied, with a note when Metronome stored another name than the command's (it truncates long names). */
    static CommandOutcome applied(String customerId, String sentName, String storedName) {
        return new CommandOutcome(CommandStatus.APPLIED, customerId, nameNote(sentName, storedName), null);
    }

    /** Null when Metronome stored the name as sent (or did not say what it stored). */
    static String nameNote(String sentName, String storedName) {
        if (sentName == null || storedName == null || sentName.equals(storedName)) {
            return null;
        }
        int sent = sentName.codePointCount(0, sentName.length());
        int stored = storedName.codePointCount(0, storedName.length());
        return sentName.startsWith(storedName)
                ? "name truncated by Metronome from " + sent + " to " + stored + " characters"
                : "Metronome stored the name as \"" + storedName + "\"";
    }

    static CommandOutcome alreadyApplied(String customerId, String message) {
        return new CommandOutcome(CommandStatus.ALREADY_APPLIED, customerId, message, null);
    }

    static CommandOutcome rejected(String customerId, String reason) {
        return new CommandOutcome(CommandStatus.REJECTED, customerId, reason, null);
    }
}
