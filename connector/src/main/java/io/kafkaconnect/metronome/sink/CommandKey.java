package io.kafkaconnect.metronome.sink;

import java.nio.charset.StandardCharsets;

/**
 * A command record's key must be the customer reference its value uses (its {@code customer_id} or
 * {@code ingest_alias}; for a CREATE, its {@code ingest_alias}). Kafka places records in partitions by key, and the
 * sink applies one customer's commands in order only within a partition: a command keyed otherwise may land in
 * another partition and apply before or after the customer's other commands in no set order (two renames could
 * end in either name). Refusing it, with both names in the reason, shows the producer's mistake at its first record
 * instead of as a rare wrong state.
 *
 * <p>Only text keys are compared (StringConverter, or UTF-8 bytes with the ByteArrayConverter). A null key is
 * accepted (the record's order then depends on how the producer partitions, e.g. a one-partition topic), and so is
 * any key of a CREATE without {@code ingest_alias}, which names no existing customer.
 */
final class CommandKey {

    private CommandKey() {
    }

    static void check(Object key, CustomerCommand command) {
        String text = key instanceof String s ? s
                : key instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : null;
        CustomerRef ref = command.customer();
        if (text == null || ref == null) {
            return;
        }
        String expected = ref.customerId() != null ? ref.customerId() : ref.ingestAlias();
        if (!text.equals(expected)) {
            String field = ref.customerId() != null ? CommandParser.CUSTOMER_ID : CommandParser.INGEST_ALIAS;
            throw new CommandRejection("the record key \"" + text + "\" is not the command's " + field + " \""
                    + expected + "\": key each command by the customer reference it names, so that one customer's"
                    + " commands stay in one partition and apply in order", command.commandId(), command.action());
        }
    }
}
