package io.kafkaconnect.metronome.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Which results past a committed offset count as written by the partition's earlier owner. */
class ResultsTopicLookbackTest {

    private static final TopicPartition P0 = new TopicPartition("commands", 0);
    private static final TopicPartition P1 = new TopicPartition("commands", 1);
    private static final TopicPartition P2 = new TopicPartition("commands", 2);

    @Test
    void resultsWrittenAfterTheMarkedCommitForCommandsPastItCount() {
        Map<TopicPartition, OffsetAndMetadata> committed = Map.of(
                P0, new CommitMark(10, 1_000).offsetAndMetadata(),
                P1, new CommitMark(5, 2_000).offsetAndMetadata());
        FakeSource source = new FakeSource(committed, List.of(
                result(P0, 10, 1_500), result(P0, 11, 1_000), // after P0's commit: the dead owner's
                result(P0, 9, 1_600),                         // below the committed offset: never delivered again
                result(P0, 12, 999),                          // before the commit: an earlier pass (offsets reset)
                result(P1, 5, 1_500),                         // before P1's commit
                result(P1, 6, 2_000),
                result(P2, 0, 5_000)));                       // a partition not assigned here
        ResultsTopicLookback lookback = new ResultsTopicLookback(source);

        lookback.load(List.of(P0, P1));

        assertThat(source.since).as("read from the earliest commit on").containsExactly(1_000L);
        assertThat(List.of(10L, 11L, 9L, 12L)).filteredOn(offset -> lookback.written(P0, offset))
                .containsExactly(10L, 11L);
        assertThat(lookback.written(P1, 5)).isFalse();
        assertThat(lookback.written(P1, 6)).isTrue();
        assertThat(lookback.written(P2, 0)).isFalse();

        lookback.forget(List.of(P0));
        assertThat(lookback.written(P0, 10)).isFalse();
    }

    @Test
    void anOffsetCommittedByAnyoneElseOrNoneReadsNothing() {
        FakeSource source = new FakeSource(Map.of(P0, new OffsetAndMetadata(10), P1, new OffsetAndMetadata(3, "x")),
                List.of(result(P0, 10, 5_000)));
        ResultsTopicLookback lookback = new ResultsTopicLookback(source);

        lookback.load(List.of(P0, P1, P2));

        assertThat(source.since).as("after an offsets reset the old results are history: new ones are due").isEmpty();
        assertThat(lookback.written(P0, 10)).isFalse();
    }

    @Test
    void aFailedLookupLeavesEveryCommandItsResult() {
        ResultsTopicLookback lookback = new ResultsTopicLookback(new FakeSource(
                Map.of(P0, new CommitMark(0, 0).offsetAndMetadata()), null));

        lookback.load(List.of(P0));

        assertThat(lookback.written(P0, 0)).isFalse();
    }

    @Test
    void commitPointsCarryTheirMark() {
        OffsetAndMetadata point = new ResultsTopicLookback(new FakeSource(Map.of(), List.of())).commitPoint(42, 1_234);

        assertThat(point.offset()).isEqualTo(42);
        assertThat(CommitMark.of(point)).contains(new CommitMark(42, 1_234));
        assertThat(CommitMark.of(new OffsetAndMetadata(42))).isEqualTo(Optional.empty());
        assertThat(PriorResults.NONE.commitPoint(42, 1_234)).isEqualTo(new OffsetAndMetadata(42));
    }

    private static ResultsTopicLookback.WrittenResult result(TopicPartition source, long offset, long writtenAtMs) {
        return new ResultsTopicLookback.WrittenResult(source, offset, writtenAtMs);
    }

    /** Committed offsets and results as given; null results: reading the results topic fails. */
    private static final class FakeSource implements ResultsTopicLookback.Source {
        final Map<TopicPartition, OffsetAndMetadata> committed;
        final List<ResultsTopicLookback.WrittenResult> results;
        final List<Long> since = new ArrayList<>();

        FakeSource(Map<TopicPartition, OffsetAndMetadata> committed, List<ResultsTopicLookback.WrittenResult> results) {
            this.committed = committed;
            this.results = results;
        }

        @Override
        public Map<TopicPartition, OffsetAndMetadata> committed(Collection<TopicPartition> partitions) {
            return committed;
        }

        @Override
        public void resultsSince(long sinceMs, Consumer<ResultsTopicLookback.WrittenResult> each) {
            since.add(sinceMs);
            if (results == null) {
                throw new IllegalStateException("results topic unreachable");
            }
            results.forEach(each);
        }
    }
}
