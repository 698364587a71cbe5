package io.kafkaconnect.metronome.source;

import io.kafkaconnect.metronome.client.MetronomeApiException;
import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.model.CostBucket;
import io.kafkaconnect.metronome.client.model.Page;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies each customer's daily costs ({@code GET /v1/customers/{id}/costs}, UTC days) into the costs topic: one
 * record per (customer, day, credit type); with {@code costs.line.items=true} each such record is followed by one
 * record per line item of its breakdown in the cost line items topic.
 *
 * <p>Per customer, a {@link CostsWatermark} (the offset of {@code {"stream":"costs","customer_id":id}}) holds the
 * last complete day emitted and the hashes of the buckets in the lookback window and of today. Each visit reads
 * from the day after the watermark, or from the start of the lookback window if that is earlier, up to today:
 * complete days past the watermark are emitted; today's buckets are emitted as pending whenever they change;
 * re-read days within the lookback are emitted again only when their content changed (late usage).
 */
final class CostsStream implements PerCustomerStream {

    private static final Logger log = LoggerFactory.getLogger(CostsStream.class);

    private final MetronomeClient client;
    private final OffsetStorageReader offsets;
    private final CostRecords records;
    private final String topic;
    /** Topic of the cost line items; null when they are not written. */
    private final String lineItemsTopic;
    private final String progressTopic;
    private final Optional<LocalDate> startDate;
    private final int lookbackDays;
    private final int windowDays;
    private final Map<String, CostsWatermark> watermarks = new HashMap<>();
    private final Set<String> unsupported = new HashSet<>();

    CostsStream(MetronomeSourceConfig config, MetronomeClient client, OffsetStorageReader offsets,
                CostRecords records) {
        this.client = client;
        this.offsets = offsets;
        this.records = records;
        this.topic = config.topic(SourceStreamName.COSTS);
        this.lineItemsTopic = config.costLineItems() ? config.costLineItemsTopic() : null;
        this.progressTopic = config.progressTopic();
        this.startDate = config.costsStartDate();
        this.lookbackDays = config.costsLookbackDays();
        this.windowDays = config.costsWindowDays();
    }

    @Override
    public Staged process(List<String> customerIds, Instant now, String scanId) {
        Map<String, CostsWatermark> known = loadWatermarks(customerIds);
        Map<String, CostsWatermark> visited = new HashMap<>();
        List<SourceRecord> out = new ArrayList<>();
        for (String customerId : customerIds) {
            Visit visit = visit(customerId, known.get(customerId), now, scanId);
            out.addAll(visit.records());
            visited.put(customerId, visit.after());
        }
        return new Staged(out, () -> watermarks.putAll(visited));
    }

    /** What one customer's visit yields: the records to emit, and the watermark they take it to. */
    private record Visit(List<SourceRecord> records, CostsWatermark after) {
    }

    /** Reads the customer's costs since its watermark, then emits what is new or changed since it was emitted. */
    private Visit visit(String customerId, CostsWatermark state, Instant now, String scanId) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<Window> windows;
        try {
            windows = read(customerId, firstDayToRead(state, today), today);
        } catch (MetronomeApiException.BadRequestException | MetronomeApiException.NotFoundException e) {
            // e.g. a plan with a UNIQUE billable metric: Metronome has no costs for it; skip, keep the task up
            if (unsupported.add(customerId)) {
                log.warn("skipping costs of customer {}: {}", customerId, e.getMessage());
            }
            return new Visit(List.of(), state);
        }
        unsupported.remove(customerId);
        Emission emission = new Emission(customerId, state, today, now, scanId);
        for (Window window : windows) {
            window.buckets().forEach(emission::bucket);
            emission.completeThrough(window.lastCompleteDay());
        }
        return emission.finish();
    }

    /**
     * The day after the watermark, or the start of the lookback window if that is earlier (to see late usage);
     * the start date for a customer without a watermark; never before the start date.
     */
    private LocalDate firstDayToRead(CostsWatermark state, LocalDate today) {
        LocalDate lookbackStart = today.minusDays(lookbackDays);
        LocalDate from = state.watermark() == null ? startDate.orElse(lookbackStart)
                : min(state.watermark().plusDays(1), lookbackStart);
        if (startDate.isPresent() && from.isBefore(startDate.get())) {
            return startDate.get();
        }
        return from;
    }

    /** The buckets of one window of days read together, and the last complete (past) day it covers. */
    private record Window(List<CostBucket> buckets, LocalDate lastCompleteDay) {
    }

    /** Reads the days from {@code from} through today, {@code costs.window.days} days per window. */
    private List<Window> read(String customerId, LocalDate from, LocalDate today) {
        List<Window> windows = new ArrayList<>();
        while (!from.isAfter(today)) {
            LocalDate to = min(from.plusDays(windowDays), today.plusDays(1));
            windows.add(new Window(fetch(customerId, from, to), min(to.minusDays(1), today.minusDays(1))));
            from = to;
        }
        return windows;
    }

    /**
     * One customer's records, built bucket by bucket in the order they were read. Each record carries as its offset
     * the watermark and hashes as they stand once it is emitted, so a restart resumes right after it.
     */
    private final class Emission {
        private final String customerId;
        private final CostsWatermark before;
        private final LocalDate today;
        private final LocalDate lookbackStart;
        private final Instant now;
        private final String scanId;
        private final TreeMap<String, Long> hashes;
        private LocalDate watermark;
        private final List<SourceRecord> out = new ArrayList<>();

        Emission(String customerId, CostsWatermark before, LocalDate today, Instant now, String scanId) {
            this.customerId = customerId;
            this.before = before;
            this.today = today;
            this.lookbackStart = today.minusDays(lookbackDays);
            this.now = now;
            this.scanId = scanId;
            this.hashes = new TreeMap<>(before.hashes());
            this.watermark = before.watermark();
        }

        /**
         * Emits each credit type of the day: a complete day past the watermark always, today (pending) and days
         * re-read within the lookback only when their content changed since they were emitted.
         */
        void bucket(CostBucket bucket) {
            LocalDate day = LocalDate.ofInstant(bucket.startTimestamp(), ZoneOffset.UTC);
            boolean pending = !day.isBefore(today);
            boolean firstTime = watermark == null || day.isAfter(watermark);
            for (Map.Entry<String, CostBucket.CreditTypeCost> credit : new TreeMap<>(bucket.creditTypes()).entrySet()) {
                String key = CostsWatermark.bucketKey(day, credit.getKey());
                long hash = ContentHash.of(credit.getValue());
                Long stored = hashes.get(key);
                boolean changed = stored == null || stored != hash;
                if (!day.isBefore(lookbackStart)) {
                    hashes.put(key, hash);
                }
                if (firstTime && !pending || changed) {
                    emit(bucket, credit.getKey(), credit.getValue(), pending);
                }
            }
        }

        private void emit(CostBucket bucket, String creditTypeId, CostBucket.CreditTypeCost cost, boolean pending) {
            Map<String, Object> offset = new CostsWatermark(watermark, hashes).prunedBefore(lookbackStart).toOffset();
            out.add(record(offset, topic, records.keySchema(), records.key(customerId, bucket.startTimestamp(),
                    creditTypeId), records.valueSchema(), records.value(customerId, bucket, creditTypeId, cost, pending)));
            if (lineItemsTopic != null) {
                // same offset as the day's record and in the same batch: the offset is committed only with both,
                // so a restart re-sends the day and its line items together or neither
                for (CostRecords.LineItem item : records.lineItems(customerId, bucket, creditTypeId, cost, pending)) {
                    out.add(record(offset, lineItemsTopic, records.lineItemKeySchema(), item.key(),
                            records.lineItemValueSchema(), item.value()));
                }
            }
        }

        private SourceRecord record(Map<String, Object> offset, String topic, Schema keySchema, Object key,
                                    Schema valueSchema, Object value) {
            return new SourceRecord(SourceOffsets.costs(customerId), offset, topic, null, keySchema, key, valueSchema,
                    value, RecordMetadata.timestamp(null, now), RecordMetadata.headers(SourceStreamName.COSTS, scanId));
        }

        /** Moves the watermark to the last complete day of a window once all its buckets are emitted. */
        void completeThrough(LocalDate lastCompleteDay) {
            if (watermark == null || lastCompleteDay.isAfter(watermark)) {
                watermark = lastCompleteDay;
            }
        }

        /** The records and the new watermark; a progress record stores a watermark no data record carries. */
        Visit finish() {
            CostsWatermark after = new CostsWatermark(watermark, hashes).prunedBefore(lookbackStart);
            if (!after.equals(before)) {
                // the watermark moved past the last data record (or there was none): store it with a progress record
                out.add(new SourceRecord(SourceOffsets.costs(customerId), after.toOffset(), progressTopic, null,
                        Schema.STRING_SCHEMA, SourceStreamName.COSTS.id() + "/" + customerId, Schema.STRING_SCHEMA,
                        "watermark " + after.watermark()));
            }
            return new Visit(out, after);
        }
    }

    private List<CostBucket> fetch(String customerId, LocalDate from, LocalDate to) {
        Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = to.atStartOfDay(ZoneOffset.UTC).toInstant();
        List<CostBucket> buckets = new ArrayList<>();
        String nextPage = null;
        do {
            Page<CostBucket> page = client.listCosts(customerId, start, end, null, nextPage);
            buckets.addAll(page.data());
            nextPage = page.isLast() ? null : page.nextPage();
        } while (nextPage != null);
        return buckets;
    }

    private Map<String, CostsWatermark> loadWatermarks(List<String> customerIds) {
        Map<String, CostsWatermark> known = new HashMap<>();
        List<Map<String, String>> unknown = new ArrayList<>();
        for (String id : customerIds) {
            CostsWatermark inMemory = watermarks.get(id);
            if (inMemory != null) {
                known.put(id, inMemory);
            } else {
                unknown.add(SourceOffsets.costs(id));
            }
        }
        if (!unknown.isEmpty()) {
            Map<Map<String, String>, Map<String, Object>> stored = offsets.offsets(unknown);
            for (Map<String, String> partition : unknown) {
                known.put(partition.get(SourceOffsets.CUSTOMER_ID), CostsWatermark.fromOffset(stored.get(partition)));
            }
        }
        return known;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }
}
