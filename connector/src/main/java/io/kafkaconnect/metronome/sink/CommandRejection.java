package io.kafkaconnect.metronome.sink;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * A command that can never be applied as sent: unparseable, invalid, or refused by Metronome with a 4xx. Its
 * message is the reason; it is what the dead-letter queue records in {@code __connect.errors.exception.message}.
 * The command id and action are carried when they could be read.
 */
public class CommandRejection extends ConnectException {

    private final String commandId;
    private final CustomerAction action;

    public CommandRejection(String reason, String commandId, CustomerAction action) {
        super(reason);
        this.commandId = commandId;
        this.action = action;
    }

    public String commandId() {
        return commandId;
    }

    public CustomerAction action() {
        return action;
    }

    /** The same rejection, knowing the command id and action. */
    CommandRejection about(String id, CustomerAction act) {
        return new CommandRejection(getMessage(), id, act);
    }
}
