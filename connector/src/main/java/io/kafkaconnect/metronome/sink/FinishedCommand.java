package io.kafkaconnect.metronome.sink;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A command the sink is done with (applied, already applied, or rejected by the parser or by Metronome), on its way
 * to the results topic and, if rejected, to the dead-letter queue.
 *
 * @param rejection why the command was rejected, for the dead-letter queue; null unless REJECTED
 */
record FinishedCommand(PartitionEpochs.Delivery delivery, String commandId, CustomerAction action,
                       CommandOutcome outcome, CommandRejection rejection) {

    /** A record the parser refused: it never reaches Metronome. */
    static FinishedCommand refused(PartitionEpochs.Delivery delivery, CommandRejection rejection) {
        return new FinishedCommand(delivery, rejection.commandId(), rejection.action(),
                CommandOutcome.rejected(null, rejection.getMessage()), rejection);
    }

    /** A command Metronome answered; a REJECTED outcome carries its message to the dead-letter queue. */
    static FinishedCommand answered(PartitionEpochs.Delivery delivery, CustomerCommand command, CommandOutcome outcome) {
        CommandRejection rejection = outcome.status() == CommandStatus.REJECTED
                ? new CommandRejection(outcome.message(), command.commandId(), command.action())
                : null;
        return new FinishedCommand(delivery, command.commandId(), command.action(), outcome, rejection);
    }

    SinkRecord record() {
        return delivery.record();
    }

    TopicPartition partition() {
        return delivery.partition();
    }

    long offset() {
        return delivery.record().kafkaOffset();
    }
}
