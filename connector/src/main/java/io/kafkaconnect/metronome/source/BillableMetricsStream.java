package io.kafkaconnect.metronome.source;

import io.kafkaconnect.metronome.client.MetronomeApiException;
import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.model.BillableMetric;
import io.kafkaconnect.metronome.client.model.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies each customer's billable metrics (archived ones included) into the billable_metrics topic, emitting a
 * metric only when its content changed since it was last emitted for that customer. Like customers, each record's
 * offset is the content hash under {@code {"stream":"billable_metrics","customer_id":..,"billable_metric_id":..}}.
 */
final class BillableMetricsStream implements PerCustomerStream {

    private static final Logger log = LoggerFactory.getLogger(BillableMetricsStream.class);

    private final MetronomeClient client;
    private final OffsetStorageReader offsets;
    private final BillableMetricRecords records;
    private final String topic;
    private final EmittedHashes emitted = new EmittedHashes();

    BillableMetricsStream(MetronomeSourceConfig config, MetronomeClient client, OffsetStorageReader offsets,
                          BillableMetricRecords records) {
        this.client = client;
        this.offsets = offsets;
        this.records = records;
        this.topic = config.topic(SourceStreamName.BILLABLE_METRICS);
    }

    @Override
    public Staged process(List<String> customerIds, Instant now, String scanId) {
        Map<String, Long> toRemember = new HashMap<>();
        List<SourceRecord> out = new ArrayList<>();
        for (String customerId : customerIds) {
            List<BillableMetric> metrics;
            try {
                metrics = fetch(customerId);
            } catch (MetronomeApiException.NotFoundException e) {
                log.debug("customer {} disappeared before its billable metrics were read", customerId);
                continue;
            }
            Map<String, Long> stored = storedHashes(customerId, metrics);
            for (BillableMetric metric : metrics) {
                String itemId = itemId(customerId, metric.id());
                long hash = ContentHash.of(metric);
                Long previous = stored.get(itemId);
                if (previous == null || previous != hash) {
                    out.add(new SourceRecord(SourceOffsets.billableMetric(customerId, metric.id()),
                            SourceOffsets.hashOffset(hash), topic, null, records.keySchema(),
                            records.key(customerId, metric.id()), records.valueSchema(),
                            records.value(customerId, metric), RecordMetadata.timestamp(null, now),
                            RecordMetadata.headers(SourceStreamName.BILLABLE_METRICS, scanId)));
                }
                toRemember.put(itemId, hash);
            }
        }
        return new Staged(out, () -> toRemember.forEach(emitted::put));
    }

    /** The hash each metric was last emitted with: from memory, else (one batch per customer) from Connect offsets. */
    private Map<String, Long> storedHashes(String customerId, List<BillableMetric> metrics) {
        Map<String, Long> stored = new HashMap<>();
        List<Map<String, String>> unknown = new ArrayList<>();
        for (BillableMetric metric : metrics) {
            String itemId = itemId(customerId, metric.id());
            if (emitted.contains(itemId)) {
                stored.put(itemId, emitted.get(itemId));
            } else {
                unknown.add(SourceOffsets.billableMetric(customerId, metric.id()));
            }
        }
        if (!unknown.isEmpty()) {
            offsets.offsets(unknown).forEach((partition, offset) -> {
                Long hash = SourceOffsets.hashOf(offset);
                if (hash != null) {
                    stored.put(itemId(customerId, partition.get(SourceOffsets.BILLABLE_METRIC_ID)), hash);
                }
            });
        }
        return stored;
    }

    private List<BillableMetric> fetch(String customerId) {
        List<BillableMetric> metrics = new ArrayList<>();
        String nextPage = null;
        do {
            Page<BillableMetric> page = client.listBillableMetrics(customerId, true, null, 100, nextPage);
            metrics.addAll(page.data());
            nextPage = page.isLast() ? null : page.nextPage();
        } while (nextPage != null);
        return metrics;
    }

    private static String itemId(String customerId, String billableMetricId) {
        return customerId + "/" + billableMetricId;
    }
}
