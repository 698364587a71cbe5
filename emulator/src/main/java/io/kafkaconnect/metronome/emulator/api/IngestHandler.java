package io.kafkaconnect.metronome.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkaconnect.metronome.emulator.ApiException;
import io.kafkaconnect.metronome.emulator.http.ApiResponse;
import io.kafkaconnect.metronome.emulator.http.EmulatorRequest;
import io.kafkaconnect.metronome.emulator.http.Router;
import io.kafkaconnect.metronome.emulator.state.CustomerStore;
import io.kafkaconnect.metronome.emulator.state.EmulatorClock;
import io.kafkaconnect.metronome.emulator.state.StoredUsageEvent;
import io.kafkaconnect.metronome.emulator.state.UsageStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/ingest}, with the limits of {@link IngestLimits}. The whole request is validated before anything
 * is stored: one invalid event refuses it all with a 400 naming {@code [i].field}. customer_id is resolved (id or
 * alias) at ingest time; events naming no known customer are accepted, counted as unmatched, and bill nobody. A
 * transaction_id accepted within the de-duplication window makes the event a duplicate, ignored with a 200, also
 * within one request.
 */
public final class IngestHandler {
    private static final List<String> EVENT_FIELDS =
            List.of("transaction_id", "customer_id", "event_type", "timestamp", "properties");

    private final CustomerStore customers;
    private final UsageStore usage;
    private final EmulatorClock clock;

    private record Ingested(String transactionId, String customerId, StoredUsageEvent event) {
    }

    public IngestHandler(CustomerStore customers, UsageStore usage, EmulatorClock clock) {
        this.customers = customers;
        this.usage = usage;
        this.clock = clock;
    }

    public void register(Router router) {
        router.add("POST", "/v1/ingest", this::ingest);
    }

    private ApiResponse ingest(EmulatorRequest request) {
        JsonNode body = request.json();
        if (!body.isArray() || body.isEmpty() || body.size() > IngestLimits.MAX_EVENTS_PER_REQUEST) {
            throw ApiException.badRequest("Request body must be a JSON array of 1 to "
                    + IngestLimits.MAX_EVENTS_PER_REQUEST + " usage events"
                    + (body.isArray() ? " (got " + body.size() + ")" : ""));
        }
        Instant now = clock.now();
        List<Ingested> batch = new ArrayList<>(body.size());
        for (int i = 0; i < body.size(); i++) {
            batch.add(parse(JsonObjectReader.nested(body.get(i), "[" + i + "]", EVENT_FIELDS), now));
        }
        for (Ingested ingested : batch) {
            String customerId = customers.resolve(ingested.customerId()).orElse(null);
            usage.record(ingested.transactionId(), customerId, ingested.event(), now);
        }
        return ApiResponse.empty();
    }

    private static Ingested parse(JsonObjectReader event, Instant now) {
        String transactionId = event.requiredString("transaction_id", 1, IngestLimits.MAX_TRANSACTION_ID_LENGTH);
        String customerId = event.requiredString("customer_id", 1, IngestLimits.MAX_CUSTOMER_ID_LENGTH);
        String eventType = event.requiredString("event_type", 1, IngestLimits.MAX_EVENT_TYPE_LENGTH);
        Instant timestamp = timestamp(event, now);
        // SDK UsageIngestParams.Usage: properties?: { [key: string]: unknown }
        JsonNode properties = event.optionalObject("properties").orElse(null);
        return new Ingested(transactionId, customerId,
                new StoredUsageEvent(eventType, timestamp, EventProperties.flatten(properties)));
    }

    /** RFC 3339 (SDK: "RFC 3339 formatted"), at most the backdating window before now and MAX_AHEAD after it. */
    private static Instant timestamp(JsonObjectReader event, Instant now) {
        String field = event.name("timestamp");
        String text = event.requiredString("timestamp");
        Instant timestamp = Rfc3339.parseStrict(text, field);
        if (timestamp.isBefore(now.minus(IngestLimits.BACKDATING_WINDOW))) {
            throw ApiException.badRequest(field + " " + text + " is more than "
                    + IngestLimits.BACKDATING_WINDOW.toDays() + " days before now (" + now
                    + "): usage can be backdated up to " + IngestLimits.BACKDATING_WINDOW.toDays() + " days");
        }
        if (timestamp.isAfter(now.plus(IngestLimits.MAX_AHEAD))) {
            throw ApiException.badRequest(field + " " + text + " is more than "
                    + IngestLimits.MAX_AHEAD.toDays() + " day after now (" + now + ")");
        }
        return timestamp;
    }
}
