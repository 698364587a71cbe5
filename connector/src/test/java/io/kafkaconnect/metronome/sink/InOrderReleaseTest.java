package io.kafkaconnect.metronome.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class InOrderReleaseTest {

    private final TopicPartition p0 = new TopicPartition("commands", 0);
    private final TopicPartition p1 = new TopicPartition("commands", 1);
    private final InOrderRelease<String> release = new InOrderRelease<>();

    @Test
    void releasesAFinishedCommandOnlyOnceEveryEarlierOneOfItsPartitionHasFinished() {
        for (long offset = 10; offset < 14; offset++) {
            release.started(p0, offset);
        }
        release.started(p1, 0);

        assertThat(release.finished(p0, 12, "c")).as("10 and 11 still running").isEmpty();
        assertThat(release.finished(p1, 0, "other")).as("partitions are independent").containsExactly("other");
        assertThat(release.finished(p0, 11, "b")).isEmpty();
        assertThat(release.finished(p0, 10, "a")).containsExactly("a", "b", "c");
        assertThat(release.finished(p0, 13, "d")).containsExactly("d");
    }

    @Test
    void aRevokedPartitionDropsWhatItHeldBack() {
        release.started(p0, 0);
        release.started(p0, 1);
        assertThat(release.finished(p0, 1, "held")).isEmpty();

        release.forget(List.of(p0));

        assertThat(release.finished(p0, 0, "late")).isEmpty();
        release.started(p0, 0);
        assertThat(release.finished(p0, 0, "again")).as("the partition back, from its committed offset")
                .containsExactly("again");
    }

    @Test
    void aRewindStartsThePartitionOver() {
        release.started(p0, 5);
        release.started(p0, 6);
        assertThat(release.finished(p0, 6, "old")).isEmpty();
        release.started(p0, 5);
        assertThat(release.finished(p0, 5, "new")).containsExactly("new");
    }
}
