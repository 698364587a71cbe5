package io.kafkaconnect.metronome.sink;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PriorResults} read back from the results topic: when partitions are assigned, it looks up their committed
 * offsets and, for each one the sink committed ({@link CommitMark}), reads the results written since that commit
 * for commands at or past it. If the lookup fails, the task goes on without it (a command may then get a second
 * result, never a lost one).
 */
final class ResultsTopicLookback implements PriorResults {

    /** Where the lookback reads from: the sink's consumer group and the results topic. */
    interface Source {
        /** The committed offsets of {@code partitions} (absent when none is committed). */
        Map<TopicPartition, OffsetAndMetadata> committed(Collection<TopicPartition> partitions) throws Exception;

        /** Hands over every result written at {@code sinceMs} or later (and maybe some written earlier). */
        void resultsSince(long sinceMs, Consumer<WrittenResult> each) throws Exception;
    }

    /** A result in the results topic: the command it answers and when it was written. */
    record WrittenResult(TopicPartition source, long sourceOffset, long writtenAtMs) {
    }

    private static final Logger log = LoggerFactory.getLogger(ResultsTopicLookback.class);

    private final Source source;
    private final Map<TopicPartition, Set<Long>> written = new HashMap<>();

    ResultsTopicLookback(Source source) {
        this.source = source;
    }

    @Override
    public void load(Collection<TopicPartition> partitions) {
        Map<TopicPartition, CommitMark> marks = new HashMap<>();
        try {
            source.committed(partitions).forEach((partition, committed) ->
                    CommitMark.of(committed).ifPresent(mark -> marks.put(partition, mark)));
            Optional<Long> since = marks.values().stream().map(CommitMark::resultsSinceMs).min(Long::compare);
            if (since.isEmpty()) {
                return;
            }
            source.resultsSince(since.get(), result -> {
                CommitMark mark = marks.get(result.source());
                if (mark != null && mark.precedes(result.sourceOffset(), result.writtenAtMs())) {
                    written.computeIfAbsent(result.source(), p -> new HashSet<>()).add(result.sourceOffset());
                }
            });
        } catch (Exception e) {
            log.warn("Cannot read back the results already written for {} ({}); a command whose result an earlier "
                    + "owner of its partition wrote without committing it gets a second one", partitions, e.toString());
            return;
        }
        marks.keySet().forEach(partition -> {
            Set<Long> offsets = written.getOrDefault(partition, Set.of());
            if (!offsets.isEmpty()) {
                log.info("{}: {} commands past the committed offset {} already have a result (their earlier owner "
                        + "stopped before committing); they get no second one", partition, offsets.size(),
                        marks.get(partition).offset());
            }
        });
    }

    @Override
    public boolean written(TopicPartition partition, long offset) {
        Set<Long> offsets = written.get(partition);
        return offsets != null && offsets.contains(offset);
    }

    @Override
    public void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(written::remove);
    }

    @Override
    public OffsetAndMetadata commitPoint(long offset, long preparedAtMs) {
        return new CommitMark(offset, preparedAtMs).offsetAndMetadata();
    }
}
