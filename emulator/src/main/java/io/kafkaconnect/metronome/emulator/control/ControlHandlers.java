package io.kafkaconnect.metronome.emulator.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkaconnect.metronome.emulator.ApiException;
import io.kafkaconnect.metronome.emulator.EmulatorState;
import io.kafkaconnect.metronome.emulator.FaultSpec;
import io.kafkaconnect.metronome.emulator.PreviewResponseForm;
import io.kafkaconnect.metronome.emulator.http.EmulatorRequest;
import io.kafkaconnect.metronome.emulator.http.ApiResponse;
import io.kafkaconnect.metronome.emulator.http.JsonCodec;
import io.kafkaconnect.metronome.emulator.http.RequestCounter;
import io.kafkaconnect.metronome.emulator.http.Router;
import io.kafkaconnect.metronome.emulator.state.BillableStatus;
import io.kafkaconnect.metronome.emulator.state.UsageCounts;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The {@code /_emulator} control API tests use to steer the emulator: clock, plans, faults, counts, seeding, the
 * form of preview-events answers, what ingest accepted.
 */
public final class ControlHandlers {
    private static final int MAX_BULK = 10_000_000;

    private final EmulatorState state;

    public ControlHandlers(EmulatorState state) {
        this.state = state;
    }

    public void register(Router router) {
        router.add("POST", "/_emulator/reset", this::reset)
                .add("GET", "/_emulator/clock", request -> clock())
                .add("PUT", "/_emulator/clock", this::freezeClock)
                .add("DELETE", "/_emulator/clock", this::realClock)
                .add("PUT", "/_emulator/customers/{customer_id}/rates", this::setRates)
                .add("PUT", "/_emulator/customers/{customer_id}/billable-status", this::setBillableStatus)
                .add("POST", "/_emulator/customers/bulk", this::bulkCreate)
                .add("GET", "/_emulator/faults", this::faults)
                .add("PUT", "/_emulator/faults", this::setFaults)
                .add("DELETE", "/_emulator/faults", this::clearFaults)
                .add("GET", "/_emulator/requests", this::requests)
                .add("DELETE", "/_emulator/requests", this::resetRequests)
                .add("GET", "/_emulator/usage", this::usage)
                .add("GET", "/_emulator/preview-events-form", request -> previewForm())
                .add("PUT", "/_emulator/preview-events-form", this::setPreviewForm);
    }

    private ApiResponse reset(EmulatorRequest request) {
        state.reset();
        return ApiResponse.empty();
    }

    private ApiResponse clock() {
        ObjectNode json = JsonCodec.MAPPER.createObjectNode();
        json.put("now", state.clock().now().toString());
        json.put("frozen", state.clock().frozen());
        return ApiResponse.json(200, json);
    }

    private ApiResponse freezeClock(EmulatorRequest request) {
        JsonNode now = object(request).get("now");
        if (now == null || !now.isTextual()) {
            throw ApiException.badRequest("now is required and must be an RFC 3339 timestamp");
        }
        try {
            state.freezeClockAt(OffsetDateTime.parse(now.asText()).toInstant());
        } catch (DateTimeParseException notRfc3339) {
            throw ApiException.badRequest("now must be an RFC 3339 timestamp");
        }
        return clock();
    }

    private ApiResponse realClock(EmulatorRequest request) {
        state.useRealTime();
        return clock();
    }

    /** Replaces the customer's plan; see {@link RatePlanJson} for the body. */
    private ApiResponse setRates(EmulatorRequest request) {
        state.setRatePlan(request.pathParam("customer_id"), RatePlanJson.read(object(request)));
        return ApiResponse.empty();
    }

    /** {@code {"value": "billable"|"unbillable", "effective_at": "<RFC 3339>"}}; effective_at defaults to now. */
    private ApiResponse setBillableStatus(EmulatorRequest request) {
        JsonNode body = object(request);
        String value = optionalText(body, "value", null);
        if (!"billable".equals(value) && !"unbillable".equals(value)) {
            throw ApiException.badRequest("value is required and must be \"billable\" or \"unbillable\"");
        }
        String effectiveAt = optionalText(body, "effective_at", null);
        Instant effective;
        try {
            effective = effectiveAt == null ? state.clock().now() : OffsetDateTime.parse(effectiveAt).toInstant();
        } catch (DateTimeParseException notRfc3339) {
            throw ApiException.badRequest("effective_at must be an RFC 3339 timestamp");
        }
        BillableStatus status = state.customers().setBillableStatus(request.pathParam("customer_id"),
                new BillableStatus(value.equals("billable"), effective)).currentBillableStatus();
        return ApiResponse.data(Map.of("value", status.value(), "effective_at", status.effectiveAt().toString()));
    }

    /** {@code {"form": "object"|"array", "default": ...}}: the form now and the one {@code reset} returns to. */
    private ApiResponse previewForm() {
        ObjectNode json = JsonCodec.MAPPER.createObjectNode();
        json.put("form", state.previewForm().wireName());
        json.put("default", state.defaultPreviewForm().wireName());
        return ApiResponse.json(200, json);
    }

    /** {@code {"form": "array"}}: the form until the next reset. */
    private ApiResponse setPreviewForm(EmulatorRequest request) {
        JsonNode form = object(request).get("form");
        if (form == null || !form.isTextual()) {
            throw ApiException.badRequest("form is required: \"object\" or \"array\"");
        }
        try {
            state.setPreviewForm(PreviewResponseForm.parse(form.asText()));
        } catch (IllegalArgumentException unknown) {
            throw ApiException.badRequest(unknown.getMessage());
        }
        return previewForm();
    }

    private ApiResponse bulkCreate(EmulatorRequest request) {
        JsonNode body = object(request);
        JsonNode count = body.get("count");
        if (count == null || !count.canConvertToInt() || !count.isIntegralNumber()
                || count.intValue() < 1 || count.intValue() > MAX_BULK) {
            throw ApiException.badRequest("count must be an integer between 1 and " + MAX_BULK);
        }
        String namePrefix = optionalText(body, "name_prefix", "Customer ");
        String aliasPrefix = optionalText(body, "alias_prefix", null);
        int created = state.customers().bulkCreate(count.intValue(), namePrefix, aliasPrefix, state.clock().now()).size();
        return ApiResponse.data(Map.of("ids_created", created));
    }

    private ApiResponse faults(EmulatorRequest request) {
        FaultSpec spec = state.faults().spec();
        return ApiResponse.json(200, spec == null ? JsonCodec.MAPPER.createObjectNode() : FaultSpecJson.write(spec));
    }

    private ApiResponse setFaults(EmulatorRequest request) {
        FaultSpec spec = FaultSpecJson.read(object(request));
        state.faults().configure(spec);
        return ApiResponse.json(200, FaultSpecJson.write(spec));
    }

    private ApiResponse clearFaults(EmulatorRequest request) {
        state.faults().clear();
        return ApiResponse.empty();
    }

    private ApiResponse requests(EmulatorRequest request) {
        ObjectNode json = JsonCodec.MAPPER.createObjectNode();
        ObjectNode counts = json.putObject("counts");
        state.requests().counts().forEach(counts::put);
        ArrayNode recent = json.putArray("recent");
        for (RequestCounter.RecentRequest seen : state.requests().recent()) {
            ObjectNode item = recent.addObject();
            item.put("method", seen.method());
            item.put("path", seen.path());
            item.put("query", seen.query());
            item.put("status", seen.status());
        }
        return ApiResponse.json(200, json);
    }

    private ApiResponse resetRequests(EmulatorRequest request) {
        state.requests().reset();
        return ApiResponse.empty();
    }

    /**
     * {@code {"total": n, "duplicates_ignored": n, "unmatched": n, "customers": {"<id>": n}}}; {@code ?customer_id=}
     * (a Metronome id or an ingest alias) keeps only that customer in {@code customers}, 0 when it has no events.
     */
    private ApiResponse usage(EmulatorRequest request) {
        UsageCounts counts = request.query().get("customer_id")
                .map(id -> state.usage().counts(state.customers().resolve(id).orElse(id)))
                .orElseGet(() -> state.usage().counts());
        ObjectNode json = JsonCodec.MAPPER.createObjectNode();
        json.put("total", counts.total());
        json.put("duplicates_ignored", counts.duplicatesIgnored());
        json.put("unmatched", counts.unmatched());
        ObjectNode customers = json.putObject("customers");
        counts.customers().forEach(customers::put);
        return ApiResponse.json(200, json);
    }

    private static JsonNode object(EmulatorRequest request) {
        JsonNode body = request.json();
        if (!body.isObject()) {
            throw ApiException.badRequest("Request body must be a JSON object");
        }
        return body;
    }

    private static String optionalText(JsonNode body, String field, String defaultValue) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest(field + " must be a string");
        }
        return value.asText();
    }
}
