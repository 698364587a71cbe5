package io.kafkaconnect.metronome.usage;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * A usage event that can never be ingested as sent: unreadable, invalid, or refused by Metronome with a 400/422 on
 * its own. Its message is the reason, which the dead-letter queue records in
 * {@code __connect.errors.exception.message}.
 */
public class UsageRejection extends ConnectException {

    public UsageRejection(String reason) {
        super(reason);
    }
}
