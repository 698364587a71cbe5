package io.kafkaconnect.metronome.usage;

import io.kafkaconnect.metronome.PluginVersion;
import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.config.TaskClient;
import io.kafkaconnect.metronome.metrics.UsageSinkTaskMetrics;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
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
 * Sends usage events to Metronome. The task keeps Connect's lifecycle: {@link #start} wires the Metronome client
 * (with the task's share of the connector's request budget), and every other call goes to the
 * {@link UsagePipeline}.
 */
public class MetronomeUsageSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(MetronomeUsageSinkTask.class);

    private TaskClient taskClient;
    private ScheduledExecutorService retryScheduler;
    private volatile boolean running;
    private volatile UsagePipeline pipeline;
    private UsageSinkTaskMetrics metrics;

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        MetronomeUsageSinkConfig config = new MetronomeUsageSinkConfig(props);
        taskClient = TaskClient.open(config);
        MetronomeClient client = taskClient.client();
        retryScheduler = SinkRetries.scheduler("metronome-usage-retry");
        running = true;
        ErrantRecordReporter reporter = DeadLetterReporter.connectReporter(context);
        if (reporter == null) {
            log.warn("No dead-letter queue is configured (errors.tolerance=all, errors.deadletterqueue.topic.name): "
                    + "the first usage event that cannot be ingested fails the task");
        }
        metrics = new UsageSinkTaskMetrics(config.connectorName(), config.taskIndex(), client.stats(),
                () -> pipeline == null ? 0 : pipeline.requestsInFlight(),
                () -> pipeline == null ? 0 : pipeline.pendingEvents());
        pipeline = new UsagePipeline(context, new UsageEventParser(config.fieldMapping()), reporter,
                outcomes -> new IngestSender(client, retryScheduler, config.retryBackoff(), outcomes, () -> running),
                metrics, config.batchMaxEvents(), config.maxInFlight(), config.maxBufferedEvents());
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
        running = false;
        if (pipeline != null) {
            pipeline.stop();
        }
        if (retryScheduler != null) {
            retryScheduler.shutdownNow();
        }
        if (taskClient != null) {
            taskClient.close();
        }
        if (metrics != null) {
            metrics.close();
        }
    }
}
