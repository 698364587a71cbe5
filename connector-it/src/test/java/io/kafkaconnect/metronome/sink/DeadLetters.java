package io.kafkaconnect.metronome.sink;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Reads the context headers Connect puts on a dead-letter record (errors.deadletterqueue.context.headers.enable). */
final class DeadLetters {

    /** Why the record was rejected: the message of the sink's CommandRejection. */
    static final String REASON_HEADER = "__connect.errors.exception.message";
    /** The rejected record's offset in its commands topic. */
    static final String OFFSET_HEADER = "__connect.errors.offset";

    private DeadLetters() {
    }

    static Optional<String> header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? Optional.empty() : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    static String reason(ConsumerRecord<byte[], byte[]> record) {
        return header(record, REASON_HEADER).orElse("(no reason header)");
    }

    /** The command_id of a dead-lettered JSON command. */
    static String commandId(ConsumerRecord<byte[], byte[]> record) {
        return SinkTestRig.parse(record.value()).path("command_id").asText();
    }
}
