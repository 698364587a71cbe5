package io.kafkaconnect.metronome.source;

import java.time.Instant;
import java.util.List;
import org.apache.kafka.connect.source.SourceRecord;

/** One stream of a task: advanced in small steps by {@link MetronomeSourceTask#poll()}. */
interface SourceStream {

    /** Does one bounded step of work if it is due (about one API page) and returns its records, maybe none. */
    List<SourceRecord> poll(Instant now);

    /** When the next step is due; at or before now while a scan is under way. */
    Instant nextDue();
}
