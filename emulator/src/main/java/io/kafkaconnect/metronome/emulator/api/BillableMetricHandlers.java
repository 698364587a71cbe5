package io.kafkaconnect.metronome.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkaconnect.metronome.emulator.ApiException;
import io.kafkaconnect.metronome.emulator.http.EmulatorRequest;
import io.kafkaconnect.metronome.emulator.http.ApiResponse;
import io.kafkaconnect.metronome.emulator.http.Router;
import io.kafkaconnect.metronome.emulator.state.AggregationType;
import io.kafkaconnect.metronome.emulator.state.StoredBillableMetric;
import io.kafkaconnect.metronome.emulator.state.BillableMetricCatalog;
import io.kafkaconnect.metronome.emulator.state.EmulatorClock;
import io.kafkaconnect.metronome.emulator.state.EventTypeFilter;
import io.kafkaconnect.metronome.emulator.state.NewBillableMetric;
import io.kafkaconnect.metronome.emulator.state.PropertyFilter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Creates and archives billable metrics, so tests can give costs and previews something to price. */
public final class BillableMetricHandlers {
    /**
     * The deprecated fields of a listed metric and what replaced them. Create does not take them (seed 000 has
     * them on the list answer only; the SDK's create params lack them): a 400 says what to send instead, rather
     * than a metric silently created without what the caller meant.
     */
    private static final Map<String, String> DEPRECATED_FIELDS = new LinkedHashMap<>();

    static {
        DEPRECATED_FIELDS.put("aggregate", "aggregation_type");
        DEPRECATED_FIELDS.put("aggregate_keys", "aggregation_key");
        DEPRECATED_FIELDS.put("filter", "event_type_filter and property_filters");
        DEPRECATED_FIELDS.put("group_by", "group_keys");
    }
    private static final List<String> CREATE_FIELDS = List.of("name", "aggregation_key", "aggregation_type",
            "custom_fields", "event_type_filter", "group_keys", "property_filters", "sql");
    private static final List<String> EVENT_TYPE_FILTER_FIELDS = List.of("in_values", "not_in_values");
    private static final List<String> PROPERTY_FILTER_FIELDS = List.of("name", "exists", "in_values", "not_in_values");

    private final BillableMetricCatalog metrics;
    private final EmulatorClock clock;

    public BillableMetricHandlers(BillableMetricCatalog metrics, EmulatorClock clock) {
        this.metrics = metrics;
        this.clock = clock;
    }

    public void register(Router router) {
        router.add("POST", "/v1/billable-metrics/create", this::create)
                .add("POST", "/v1/billable-metrics/archive", this::archive);
    }

    private ApiResponse create(EmulatorRequest request) {
        JsonNode json = request.json();
        DEPRECATED_FIELDS.forEach((deprecated, replacement) -> {
            if (json != null && json.hasNonNull(deprecated)) {
                throw ApiException.badRequest(deprecated + " is deprecated and not accepted on create; use "
                        + replacement);
            }
        });
        // A deprecated field sent as null is taken as absent, not as an unknown field.
        JsonNode withoutDeprecated = json instanceof ObjectNode object
                ? object.deepCopy().without(DEPRECATED_FIELDS.keySet()) : json;
        JsonObjectReader body = JsonObjectReader.body(withoutDeprecated, CREATE_FIELDS);
        String name = body.requiredString("name");
        if (name.isBlank()) {
            throw ApiException.badRequest("name must not be blank");
        }
        if (body.optionalString("sql").isPresent()) {
            throw ApiException.badRequest("SQL billable metrics are not supported by the emulator");
        }
        AggregationType type = aggregationType(body.requiredString("aggregation_type"));
        String aggregationKey = body.optionalString("aggregation_key", 1, Integer.MAX_VALUE).orElse(null);
        if (type != AggregationType.COUNT && aggregationKey == null) {
            throw ApiException.badRequest("aggregation_key is required for " + type + " metrics");
        }
        EventTypeFilter eventTypeFilter = body.optionalObject("event_type_filter").map(node -> {
            JsonObjectReader filter = JsonObjectReader.nested(node, "event_type_filter", EVENT_TYPE_FILTER_FIELDS);
            return new EventTypeFilter(filter.optionalStringList("in_values").orElse(null),
                    filter.optionalStringList("not_in_values").orElse(null));
        }).orElse(null);
        List<PropertyFilter> propertyFilters = new ArrayList<>();
        JsonNode filters = body.optionalArray("property_filters").orElse(null);
        if (filters != null) {
            for (int i = 0; i < filters.size(); i++) {
                propertyFilters.add(propertyFilter(JsonObjectReader.nested(filters.get(i), "property_filters[" + i + "]",
                        PROPERTY_FILTER_FIELDS)));
            }
        }
        List<List<String>> groupKeys = groupKeys(body.optionalArray("group_keys").orElse(null));
        Map<String, String> customFields = body.optionalStringMap("custom_fields").orElse(Map.of());

        StoredBillableMetric metric = metrics.create(new NewBillableMetric(name, type,
                type == AggregationType.COUNT ? null : aggregationKey, eventTypeFilter, propertyFilters, groupKeys,
                customFields));
        return ApiResponse.data(Map.of("id", metric.id()));
    }

    private ApiResponse archive(EmulatorRequest request) {
        String id = JsonObjectReader.body(request.json(), List.of("id")).requiredString("id");
        return ApiResponse.data(Map.of("id", metrics.archive(id, clock.now()).id()));
    }

    private static AggregationType aggregationType(String text) {
        try {
            return AggregationType.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw ApiException.badRequest("aggregation_type must be one of COUNT, SUM, MAX, UNIQUE, LATEST");
        }
    }

    private static PropertyFilter propertyFilter(JsonObjectReader filter) {
        return new PropertyFilter(filter.requiredString("name", 1, Integer.MAX_VALUE),
                filter.optionalBoolean("exists").orElse(null),
                filter.optionalStringList("in_values").orElse(null),
                filter.optionalStringList("not_in_values").orElse(null));
    }

    private static List<List<String>> groupKeys(JsonNode groups) {
        if (groups == null) {
            return List.of();
        }
        List<List<String>> keys = new ArrayList<>();
        for (JsonNode group : groups) {
            if (!group.isArray()) {
                throw ApiException.badRequest("group_keys must be an array of arrays of strings");
            }
            List<String> names = new ArrayList<>();
            for (JsonNode key : group) {
                if (!key.isTextual()) {
                    throw ApiException.badRequest("group_keys must be an array of arrays of strings");
                }
                names.add(key.asText());
            }
            keys.add(List.copyOf(names));
        }
        return keys;
    }
}
