package io.kafkaconnect.metronome.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class PartitionEpochsTest {

    private final PartitionEpochs epochs = new PartitionEpochs();

    private static SinkRecord record(int partition, long offset) {
        return new SinkRecord("commands", partition, null, null, null, "{}", offset);
    }

    @Test
    void aDeliveryIsCurrentUntilItsPartitionCloses() {
        PartitionEpochs.Delivery p0 = epochs.deliver(record(0, 5));
        PartitionEpochs.Delivery p1 = epochs.deliver(record(1, 7));
        assertThat(epochs.isCurrent(p0)).isTrue();

        epochs.close(List.of(new TopicPartition("commands", 0)));

        assertThat(epochs.isCurrent(p0)).as("revoked partition").isFalse();
        assertThat(epochs.isCurrent(p1)).as("kept partition").isTrue();
        PartitionEpochs.Delivery again = epochs.deliver(record(0, 5));
        assertThat(epochs.isCurrent(again)).as("the same record delivered after the partition came back").isTrue();
        assertThat(epochs.isCurrent(p0)).as("the copy of the earlier epoch stays stale").isFalse();
    }

    @Test
    void closingAllMakesEveryDeliveryStale() {
        PartitionEpochs.Delivery p0 = epochs.deliver(record(0, 1));
        epochs.closeAll();
        assertThat(epochs.isCurrent(p0)).isFalse();
        assertThat(epochs.isCurrent(epochs.deliver(record(3, 1)))).isFalse();
    }
}
