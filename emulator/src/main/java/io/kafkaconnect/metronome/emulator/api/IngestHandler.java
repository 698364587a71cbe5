package io.kafkaconnect.metronome.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkaconnect.metronome.emulator.ApiException;
import io.kafkaconnect.metronome.emulator.http.EmulatorRequest;
import io.kafkaconnect.metronome.emulator.http.ApiResponse;
import io.kafkaconnect.metronome.emulator.http.Router;
import io.kafkaconnect.metronome.emulator.state.CustomerStore;
import io.kafkaconnect.metronome.emulator.state.StoredUsageEvent;
import io.kafkaconnect.metronome.emulator.state.UsageStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/ingest}. The whole batch is validated before anything is stored; customer_id is
 * resolved (id or alias) at ingest time, and events naming no known customer are accepted but count
 * for nobody.
 */
public final class IngestHandler {
    static final int MAX_EVENTS = 100;
    private static final List<String> EVENT_FIELDS =
            List.of("transaction_id", "customer_id", "event_type", "timestamp", "properties");

    private final CustomerStore customers;
    private final UsageStore usage;

    private record Ingested(String transactionId, String customerId, StoredUsageEvent event) {
    }

    public IngestHandler(CustomerStore customers, UsageStore usage) {
        this.customers = customers;
        this.usage = usage;
    }

    public void register(Router router) {
        router.add("POST", "/v1/ingest", this::ingest);
    }

    private ApiResponse ingest(EmulatorRequest request) {
        JsonNode body = request.json();
        if (!body.isArray() || body.isEmpty() || body.size() > MAX_EVENTS) {
            throw ApiException.badRequest("Request body must be a JSON array of 1 to " + MAX_EVENTS + " usage events");
        }
        List<Ingested> batch = new ArrayList<>(body.size());
        for (int i = 0; i < body.size(); i++) {
            batch.add(parse(JsonObjectReader.nested(body.get(i), "[" + i + "]", EVENT_FIELDS)));
        }
        for (Ingested ingested : batch) {
            String customerId = customers.resolve(ingested.customerId()).orElse(null);
            usage.record(ingested.transactionId(), customerId, ingested.event());
        }
        return ApiResponse.empty();
    }

    private static Ingested parse(JsonObjectReader event) {
        String transactionId = event.requiredString("transaction_id", 1, CustomerHandlers.MAX_ALIAS_LENGTH);
        String customerId = event.requiredString("customer_id", 1, Integer.MAX_VALUE);
        String eventType = event.requiredString("event_type", 1, Integer.MAX_VALUE);
        Instant timestamp = Rfc3339.parse(event.requiredString("timestamp"), event.name("timestamp"));
        JsonNode properties = event.optionalObject("properties").orElse(null);
        return new Ingested(transactionId, customerId,
                new StoredUsageEvent(eventType, timestamp, EventProperties.flatten(properties)));
    }
}
