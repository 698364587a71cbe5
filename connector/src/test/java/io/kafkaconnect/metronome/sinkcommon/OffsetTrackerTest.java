package io.kafkaconnect.metronome.sinkcommon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    private final TopicPartition p0 = new TopicPartition("commands", 0);
    private final TopicPartition p1 = new TopicPartition("commands", 1);
    private final OffsetTracker tracker = new OffsetTracker();

    @Test
    void commitsOnlyBelowTheFirstUnfinishedCommand() {
        for (long offset = 10; offset < 15; offset++) {
            tracker.started(p0, offset);
        }
        assertThat(tracker.committable()).isEmpty();

        tracker.finished(p0, 11);
        tracker.finished(p0, 12);
        assertThat(tracker.committable()).as("10 is still running").isEmpty();

        tracker.finished(p0, 10);
        assertThat(tracker.committable()).isEqualTo(Map.of(p0, new OffsetAndMetadata(13)));

        tracker.finished(p0, 14);
        tracker.finished(p0, 13);
        assertThat(tracker.committable()).isEqualTo(Map.of(p0, new OffsetAndMetadata(15)));
        assertThat(tracker.unfinished()).isZero();
    }

    @Test
    void tracksPartitionsIndependentlyAndForgetsRevokedOnes() {
        tracker.started(p0, 0);
        tracker.started(p1, 100);
        tracker.started(p1, 101);
        tracker.finished(p1, 100);

        assertThat(tracker.committable()).isEqualTo(Map.of(p1, new OffsetAndMetadata(101)));
        assertThat(tracker.unfinished()).isEqualTo(2);

        tracker.forget(List.of(p1));
        tracker.finished(p1, 101);
        assertThat(tracker.committable()).isEmpty();
        assertThat(tracker.unfinished()).isEqualTo(1);
    }

    @Test
    void aRewindStartsThePartitionOver() {
        tracker.started(p0, 5);
        tracker.started(p0, 6);
        tracker.started(p0, 5);
        tracker.finished(p0, 5);
        assertThat(tracker.committable()).isEqualTo(Map.of(p0, new OffsetAndMetadata(6)));
        assertThat(tracker.unfinished()).isZero();
    }
}
