package io.kafkaconnect.metronome.source;

import static io.kafkaconnect.metronome.client.MetronomeRequests.createBillableMetric;
import static io.kafkaconnect.metronome.client.MetronomeRequests.createCustomer;
import static io.kafkaconnect.metronome.client.MetronomeRequests.ingest;

import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.model.BillableMetric;
import io.kafkaconnect.metronome.client.model.CreateBillableMetricRequest;
import io.kafkaconnect.metronome.client.model.CreateCustomerRequest;
import io.kafkaconnect.metronome.client.model.UsageEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The customer the per-customer stream tests share: billed for {@code api_call} events through the COUNT metric
 * "api calls" (each test sets its rate), with usage ingested for it and a stream's visits to it committed as the
 * worker would commit them.
 */
record ApiCallsCustomer(MetronomeClient client, String id, String metricId) {

    /** Creates the customer (named {@code name}, with {@code name} as its ingest alias) and the metric. */
    static ApiCallsCustomer create(MetronomeClient client, String name) {
        String id = client.execute(createCustomer(CreateCustomerRequest.of(name, List.of(name)), null)).id();
        String metricId = client.execute(createBillableMetric(new CreateBillableMetricRequest("api calls", "COUNT",
                null, new BillableMetric.EventTypeFilter(List.of("api_call"), null), List.of(), List.of(), Map.of()),
                null));
        return new ApiCallsCustomer(client, id, metricId);
    }

    /** Ingests {@code events} api calls at {@code timestamp} in one request. */
    void usage(String timestamp, int events) {
        List<UsageEvent> batch = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            batch.add(new UsageEvent(UUID.randomUUID().toString(), id, "api_call", timestamp, Map.of()));
        }
        client.execute(ingest(batch, null));
    }

    /** One visit of {@code stream} to this customer at {@code now}, committed into {@code offsets}; its records. */
    List<SourceRecord> visit(PerCustomerStream stream, Instant now, InMemoryOffsets offsets) {
        PerCustomerStream.Staged staged = stream.process(List.of(id), now);
        staged.commit().run();
        offsets.commit(staged.records());
        return staged.records();
    }
}
