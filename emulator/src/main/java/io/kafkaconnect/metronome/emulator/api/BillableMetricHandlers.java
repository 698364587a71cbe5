package io.kafkaconnect.metronome.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkaconnect.metronome.emulator.ApiException;
import io.kafkaconnect.metronome.emulator.http.ApiRequest;
import io.kafkaconnect.metronome.emulator.http.ApiResponse;
import io.kafkaconnect.metronome.emulator.http.Router;
import io.kafkaconnect.metronome.emulator.state.AggregationType;
import io.kafkaconnect.metronome.emulator.state.BillableMetric;
import io.kafkaconnect.metronome.emulator.state.BillableMetricCatalog;
import io.kafkaconnect.metronome.emulator.state.EmulatorClock;
import io.kafkaconnect.metronome.emulator.state.EventTypeFilter;
import io.kafkaconnect.metronome.emulator.state.NewBillableMetric;
import io.kafkaconnect.metronome.emulator.state.PropertyFilter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Creates and archives billable metrics, so tests can give costs and previews something to price. */
public final class BillableMetricHandlers {
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

    private ApiResponse create(ApiRequest request) {
        JsonObjectReader body = JsonObjectReader.body(request.json(), CREATE_FIELDS);
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

        BillableMetric metric = metrics.create(new NewBillableMetric(name, type,
                type == AggregationType.COUNT ? null : aggregationKey, eventTypeFilter, propertyFilters, groupKeys,
                customFields));
        return ApiResponse.data(Map.of("id", metric.id()));
    }

    private ApiResponse archive(ApiRequest request) {
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
