package io.kafkaconnect.metronome.sink;

import java.util.Optional;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/**
 * An offset the sink committed, with the time from which on results of commands at or past it may have been
 * written (kept in the committed offset's metadata). An offset committed by anyone else (an offsets reset through
 * Connect's REST API or kafka-consumer-groups) has no mark: results past it are from before the reset, and the
 * commands get new ones.
 *
 * @param resultsSinceMs results of commands at or past {@code offset} were written at this time or later
 */
record CommitMark(long offset, long resultsSinceMs) {

    private static final String PREFIX = "metronome-sink results-since=";

    OffsetAndMetadata offsetAndMetadata() {
        return new OffsetAndMetadata(offset, PREFIX + resultsSinceMs);
    }

    /** The mark of a committed offset, if the sink committed it. */
    static Optional<CommitMark> of(OffsetAndMetadata committed) {
        if (committed == null || committed.metadata() == null || !committed.metadata().startsWith(PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new CommitMark(committed.offset(),
                    Long.parseLong(committed.metadata().substring(PREFIX.length()))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether a result written at {@code writtenAtMs} for the command at {@code sourceOffset} came after this commit. */
    boolean precedes(long sourceOffset, long writtenAtMs) {
        return sourceOffset >= offset && writtenAtMs >= resultsSinceMs;
    }
}
