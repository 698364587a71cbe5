package io.kafkaconnect.metronome.sink;

import io.kafkaconnect.metronome.PluginVersion;
import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.config.TaskClient;
import io.kafkaconnect.metronome.metrics.SinkTaskMetrics;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import io.kafkaconnect.metronome.sinkcommon.DeadLetterReporter;
import io.kafkaconnect.metronome.sinkcommon.SinkRetries;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies command records to Metronome. The task keeps Connect's lifecycle: {@link #start} wires the Metronome
 * client and the results producer, and every other call goes to the {@link CommandPipeline}, which takes a record
 * from parsing through its customer's lane, Metronome and its result to the committable offset.
 */
public class MetronomeSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(MetronomeSinkTask.class);

    private final Function<MetronomeSinkConfig, CommandResults> resultsWriter;
    private final PriorResults priorResults;
    private TaskClient taskClient;
    private ScheduledExecutorService retryScheduler;
    private CommandApplier applier;
    private CustomerLanes lanes;
    private CommandResults results;
    private ErrantRecordReporter reporter;
    private SinkTaskMetrics metrics;
    private int maxBuffered;
    private CommandPipeline pipeline;

    public MetronomeSinkTask() {
        this(null, null);
    }

    /** A task writing its results with {@code resultsWriter} (tests), reading none back. */
    MetronomeSinkTask(Function<MetronomeSinkConfig, CommandResults> resultsWriter) {
        this(resultsWriter, PriorResults.NONE);
    }

    /**
     * A task writing its results with {@code resultsWriter} and learning earlier ones from {@code priorResults} (tests),
     * or through its own producer and from the results topic when both are null.
     */
    MetronomeSinkTask(Function<MetronomeSinkConfig, CommandResults> resultsWriter, PriorResults priorResults) {
        this.resultsWriter = resultsWriter;
        this.priorResults = priorResults;
    }

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        MetronomeSinkConfig config = new MetronomeSinkConfig(props);
        taskClient = TaskClient.open(config);
        MetronomeClient client = taskClient.client();
        retryScheduler = SinkRetries.scheduler("metronome-sink-retry");
        AliasResolver aliases = new AliasResolver(client, config.aliasCacheSize(), config.aliasCacheTtl());
        applier = new CommandApplier(client, aliases, retryScheduler, config.commandRetryBackoff());
        lanes = new CustomerLanes(config.maxInFlight());
        maxBuffered = config.maxBuffered();
        metrics = new SinkTaskMetrics(config.connectorName(), config.taskIndex(), client.stats(), lanes::inFlight);
        results = resultsWriter != null ? resultsWriter.apply(config) : new CommandResults(config,
                "metronome-sink-results-" + props.getOrDefault("name", "task") + "-" + System.identityHashCode(this));
        reporter = DeadLetterReporter.connectReporter(context);
        if (reporter == null) {
            log.warn("No dead-letter queue is configured (errors.deadletterqueue.topic.name): rejected commands "
                    + "only get a REJECTED result on {}", config.resultsTopic());
        }
        PriorResults prior = priorResults != null ? priorResults : new ResultsTopicLookback(new ResultsTopicReader(
                config, ResultsTopicReader.groupId(props), results, "metronome-sink-lookback-" + props.get("name")));
        pipeline = new CommandPipeline(context, lanes, applier, results, reporter, prior, metrics, maxBuffered);
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        pipeline.open(partitions);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        pipeline.put(records);
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        return pipeline.commit(currentOffsets);
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        pipeline.close(partitions);
    }

    @Override
    public void stop() {
        if (pipeline != null) {
            pipeline.stop();
        }
        if (retryScheduler != null) {
            retryScheduler.shutdownNow();
        }
        if (taskClient != null) {
            taskClient.close();
        }
        if (results != null) {
            results.close();
        }
        if (metrics != null) {
            metrics.close();
        }
    }
}
