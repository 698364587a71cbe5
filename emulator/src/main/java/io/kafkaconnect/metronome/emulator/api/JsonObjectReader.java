package io.kafkaconnect.metronome.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkaconnect.metronome.emulator.ApiException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed, validating access to the fields of a JSON object in a request body. Every type or presence
 * problem is a 400 naming the field by its path (e.g. {@code events[2].event_type}). JSON null counts
 * as absent.
 *
 * <p>Every object the API defines has a closed set of fields: a reader is made with the fields its object may
 * have, and any other field is a 400 that names it and the allowed ones. Seeds 000 and 004 list each endpoint's
 * parameters and nothing more, the SDK's request types are closed, and previewEvents refused unknown fields
 * already; one rule for every endpoint means a misspelt field is never silently dropped. Free-form maps
 * ({@code custom_fields}, an event's {@code properties}, a provider {@code configuration}) are read as values,
 * not through a reader, and stay open.
 */
final class JsonObjectReader {
    private final JsonNode node;
    private final String path;

    private JsonObjectReader(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** The request body, which must be an object holding only {@code fields}. */
    static JsonObjectReader body(JsonNode body, List<String> fields) {
        if (!body.isObject()) {
            throw ApiException.badRequest("Request body must be a JSON object");
        }
        return new JsonObjectReader(body, "").onlyFields(fields);
    }

    /**
     * An object inside the body, holding only {@code fields}.
     *
     * @param path how messages name this object, e.g. {@code events[0]}
     */
    static JsonObjectReader nested(JsonNode node, String path, List<String> fields) {
        if (!node.isObject()) {
            throw ApiException.badRequest(path + " must be an object");
        }
        return new JsonObjectReader(node, path).onlyFields(fields);
    }

    private JsonObjectReader onlyFields(List<String> allowed) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ApiException.badRequest("Unknown field: " + name(name) + " (allowed fields: "
                        + String.join(", ", allowed) + ")");
            }
        }
        return this;
    }

    String requiredString(String field) {
        return optionalString(field).orElseThrow(() -> ApiException.badRequest(name(field) + " is required"));
    }

    /** A required string of {@code min} to {@code max} characters. */
    String requiredString(String field, int min, int max) {
        return checkLength(field, requiredString(field), min, max);
    }

    Optional<String> optionalString(String field) {
        JsonNode value = present(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest(name(field) + " must be a string");
        }
        return Optional.of(value.asText());
    }

    Optional<String> optionalString(String field, int min, int max) {
        return optionalString(field).map(value -> checkLength(field, value, min, max));
    }

    Optional<Boolean> optionalBoolean(String field) {
        JsonNode value = present(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw ApiException.badRequest(name(field) + " must be a boolean");
        }
        return Optional.of(value.booleanValue());
    }

    boolean requiredBoolean(String field) {
        return optionalBoolean(field).orElseThrow(() -> ApiException.badRequest(name(field) + " is required"));
    }

    /** A required string that must be one of {@code allowed}; the 400 lists them. */
    String requiredEnum(String field, List<String> allowed) {
        return optionalEnum(field, allowed).orElseThrow(() -> ApiException.badRequest(name(field)
                + " is required and must be one of: " + String.join(", ", allowed)));
    }

    Optional<String> optionalEnum(String field, List<String> allowed) {
        return optionalString(field).map(value -> {
            if (!allowed.contains(value)) {
                throw ApiException.badRequest(name(field) + " must be one of: " + String.join(", ", allowed)
                        + " (got \"" + value + "\")");
            }
            return value;
        });
    }

    Optional<List<String>> optionalStringList(String field) {
        JsonNode value = present(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isArray()) {
            throw ApiException.badRequest(name(field) + " must be an array of strings");
        }
        List<String> items = new ArrayList<>(value.size());
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw ApiException.badRequest(name(field) + " must be an array of strings");
            }
            items.add(item.asText());
        }
        return Optional.of(items);
    }

    Optional<Map<String, String>> optionalStringMap(String field) {
        JsonNode value = present(field);
        if (value == null) {
            return Optional.empty();
        }
        Map<String, String> map = new LinkedHashMap<>();
        if (value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = fields.next();
                if (!entry.getValue().isTextual()) {
                    throw ApiException.badRequest(name(field) + " must map keys to string values");
                }
                map.put(entry.getKey(), entry.getValue().asText());
            }
            return Optional.of(map);
        }
        throw ApiException.badRequest(name(field) + " must be an object of string values");
    }

    Optional<JsonNode> optionalObject(String field) {
        JsonNode value = present(field);
        if (value != null && !value.isObject()) {
            throw ApiException.badRequest(name(field) + " must be an object");
        }
        return Optional.ofNullable(value);
    }

    Optional<JsonNode> optionalArray(String field) {
        JsonNode value = present(field);
        if (value != null && !value.isArray()) {
            throw ApiException.badRequest(name(field) + " must be an array");
        }
        return Optional.ofNullable(value);
    }

    /** The path messages use for one of this object's fields. */
    String name(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private String checkLength(String field, String value, int min, int max) {
        int length = value.codePointCount(0, value.length());
        if (length < min || length > max) {
            throw ApiException.badRequest(name(field) + " must be " + min + " to " + max + " characters long");
        }
        return value;
    }

    private JsonNode present(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }
}
