package io.kafkaconnect.metronome.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkaconnect.metronome.emulator.ApiException;
import io.kafkaconnect.metronome.emulator.http.EmulatorRequest;
import io.kafkaconnect.metronome.emulator.http.ApiResponse;
import io.kafkaconnect.metronome.emulator.http.JsonCodec;
import io.kafkaconnect.metronome.emulator.http.Router;
import io.kafkaconnect.metronome.emulator.state.BillableMetricCatalog;
import io.kafkaconnect.metronome.emulator.state.CustomFieldKeys;
import io.kafkaconnect.metronome.emulator.state.CustomerStore;
import io.kafkaconnect.metronome.emulator.state.EmulatorClock;
import io.kafkaconnect.metronome.emulator.state.ListPage;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The custom-field endpoints as the SDK names them ({@code custom-fields.ts}): the allow list of keys per entity
 * ({@code addKey}, {@code listKeys}, {@code removeKey}) and values on customers and billable metrics, the only
 * entities the emulator stores ({@code setValues}, {@code deleteValues}).
 */
public final class CustomFieldHandlers {
    /** Metronome's documented limit on a custom field value (setValues). */
    static final int MAX_VALUE_LENGTH = 200;
    private static final int PAGE_SIZE = 100;
    private static final String CURSOR_KIND = "custom-field-keys";

    private final CustomFieldKeys keys;
    private final CustomerStore customers;
    private final BillableMetricCatalog metrics;
    private final EmulatorClock clock;

    public CustomFieldHandlers(CustomFieldKeys keys, CustomerStore customers, BillableMetricCatalog metrics,
                               EmulatorClock clock) {
        this.keys = keys;
        this.customers = customers;
        this.metrics = metrics;
        this.clock = clock;
    }

    public void register(Router router) {
        router.add("POST", "/v1/customFields/addKey", this::addKey)
                .add("POST", "/v1/customFields/listKeys", this::listKeys)
                .add("POST", "/v1/customFields/removeKey", this::removeKey)
                .add("POST", "/v1/customFields/setValues", this::setValues)
                .add("POST", "/v1/customFields/deleteValues", this::deleteValues);
    }

    private ApiResponse addKey(EmulatorRequest request) {
        JsonObjectReader body = JsonObjectReader.body(request.json(), List.of("enforce_uniqueness", "entity", "key"));
        boolean unique = body.requiredBoolean("enforce_uniqueness");
        String entity = body.requiredEnum("entity", CustomFieldKeys.ENTITIES);
        keys.add(entity, body.requiredString("key", 1, CustomFieldKeys.MAX_KEY_LENGTH), unique);
        return ApiResponse.empty();
    }

    /** {@code {data: [{entity, key, enforce_uniqueness}], next_page}}; the cursor comes in the query, as in the SDK. */
    private ApiResponse listKeys(EmulatorRequest request) {
        JsonNode json = request.json() instanceof MissingNode ? JsonCodec.MAPPER.createObjectNode() : request.json();
        JsonObjectReader body = JsonObjectReader.body(json, List.of("entities"));
        Set<String> entities = new LinkedHashSet<>();
        body.optionalStringList("entities").ifPresent(list -> list.forEach(entity -> {
            if (!CustomFieldKeys.ENTITIES.contains(entity)) {
                throw ApiException.badRequest("entities items must be one of: "
                        + String.join(", ", CustomFieldKeys.ENTITIES) + " (got \"" + entity + "\")");
            }
            entities.add(entity);
        }));
        long afterSeq = request.query().get("next_page").filter(cursor -> !cursor.isEmpty())
                .map(cursor -> PageCursor.decode(CURSOR_KIND, cursor)).orElse(0L);

        ListPage<CustomFieldKeys.Key> page = keys.list(entities, afterSeq, PAGE_SIZE);
        ObjectNode out = JsonCodec.MAPPER.createObjectNode();
        ArrayNode data = out.putArray("data");
        for (CustomFieldKeys.Key key : page.items()) {
            data.addObject().put("entity", key.entity()).put("key", key.key())
                    .put("enforce_uniqueness", key.enforceUniqueness());
        }
        out.put("next_page", page.hasMore()
                ? PageCursor.encode(CURSOR_KIND, page.items().get(page.items().size() - 1).seq()) : null);
        return ApiResponse.json(200, out);
    }

    /** Removing a key also hides its values: Metronome no longer shows them on any instance. */
    private ApiResponse removeKey(EmulatorRequest request) {
        JsonObjectReader body = JsonObjectReader.body(request.json(), List.of("entity", "key"));
        String entity = body.requiredEnum("entity", CustomFieldKeys.ENTITIES);
        String key = body.requiredString("key");
        keys.remove(entity, key);
        if (entity.equals(CustomerStore.ENTITY)) {
            customers.dropCustomFieldKey(key, clock.now());
        } else if (entity.equals(BillableMetricCatalog.ENTITY)) {
            metrics.dropCustomFieldKey(key);
        }
        return ApiResponse.empty();
    }

    /** All or nothing, like Metronome: one bad key or value and nothing is set. */
    private ApiResponse setValues(EmulatorRequest request) {
        JsonObjectReader body = JsonObjectReader.body(request.json(), List.of("custom_fields", "entity", "entity_id"));
        Map<String, String> fields = body.optionalStringMap("custom_fields")
                .orElseThrow(() -> ApiException.badRequest("custom_fields is required"));
        String entity = body.requiredEnum("entity", CustomFieldKeys.ENTITIES);
        String id = body.requiredString("entity_id");
        fields.forEach((key, value) -> {
            if (value.codePointCount(0, value.length()) > MAX_VALUE_LENGTH) {
                throw ApiException.badRequest("custom_fields." + key + " must be at most " + MAX_VALUE_LENGTH
                        + " characters long");
            }
        });
        if (entity.equals(CustomerStore.ENTITY)) {
            customers.setCustomFields(id, fields, clock.now());
        } else if (entity.equals(BillableMetricCatalog.ENTITY)) {
            metrics.setCustomFields(id, fields);
        } else {
            throw notStored(entity, id);
        }
        return ApiResponse.empty();
    }

    private ApiResponse deleteValues(EmulatorRequest request) {
        JsonObjectReader body = JsonObjectReader.body(request.json(), List.of("entity", "entity_id", "keys"));
        String entity = body.requiredEnum("entity", CustomFieldKeys.ENTITIES);
        String id = body.requiredString("entity_id");
        List<String> fieldKeys = body.optionalStringList("keys")
                .orElseThrow(() -> ApiException.badRequest("keys is required"));
        if (entity.equals(CustomerStore.ENTITY)) {
            customers.deleteCustomFields(id, fieldKeys, clock.now());
        } else if (entity.equals(BillableMetricCatalog.ENTITY)) {
            metrics.deleteCustomFields(id, fieldKeys);
        } else {
            throw notStored(entity, id);
        }
        return ApiResponse.empty();
    }

    private static ApiException notStored(String entity, String id) {
        return ApiException.notFound("No " + entity + " with id " + id
                + " (the emulator stores only customers and billable metrics)");
    }
}
