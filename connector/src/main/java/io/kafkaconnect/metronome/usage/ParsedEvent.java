package io.kafkaconnect.metronome.usage;

import io.kafkaconnect.metronome.client.model.UsageEvent;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/** A usage event with the record it came from, whose offset it holds until Metronome acknowledges the event. */
record ParsedEvent(SinkRecord record, TopicPartition partition, UsageEvent event) {

    static ParsedEvent of(SinkRecord record, UsageEvent event) {
        return new ParsedEvent(record, new TopicPartition(record.topic(), record.kafkaPartition()), event);
    }

    long offset() {
        return record.kafkaOffset();
    }
}
