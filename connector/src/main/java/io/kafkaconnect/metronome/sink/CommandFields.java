package io.kafkaconnect.metronome.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.kafkaconnect.metronome.client.MetronomeJson;
import io.kafkaconnect.metronome.sinkcommon.FieldChecks;
import java.util.List;
import java.util.Map;

/**
 * Reads one field of a command (or of a nested object) and refuses a wrong type, a blank string or an oversize
 * value with a reason that names the field by its path, e.g. {@code preview_events[2].timestamp}. Lengths count
 * characters as Metronome does (Unicode code points, so an emoji is one character, not two).
 */
final class CommandFields {

    private CommandFields() {
    }

    static String requiredString(Map<String, ?> fields, String name, int maxLength) {
        return requiredString(fields, name, name, maxLength);
    }

    /** @param path the field's name in messages, e.g. {@code billing_config.billing_provider_type} */
    static String requiredString(Map<String, ?> fields, String name, String path, int maxLength) {
        String value = optionalString(fields, name, path, maxLength);
        if (value == null) {
            throw reject(path + " is required");
        }
        return value;
    }

    static String optionalString(Map<String, ?> fields, String name, int maxLength) {
        return optionalString(fields, name, name, maxLength);
    }

    /** Null when absent or null; else a non-blank string of at most {@code maxLength} characters. */
    static String optionalString(Map<String, ?> fields, String name, String path, int maxLength) {
        Object raw = fields.get(name);
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof String value)) {
            throw reject(path + " must be a string, not " + typeName(raw));
        }
        if (value.isBlank()) {
            throw reject(path + " must not be blank");
        }
        int length = length(value);
        if (length > maxLength) {
            throw reject(path + " has " + length + " characters; at most " + maxLength + " allowed");
        }
        return value;
    }

    static Boolean optionalBoolean(Map<String, ?> fields, String name) {
        return optionalBoolean(fields, name, name);
    }

    static Boolean optionalBoolean(Map<String, ?> fields, String name, String path) {
        Object raw = fields.get(name);
        if (raw == null || raw instanceof Boolean) {
            return (Boolean) raw;
        }
        throw reject(path + " must be a boolean, not " + typeName(raw));
    }

    /** A JSON value given as JSON text (the Avro schema's form) or, schemaless, as the object or array itself. */
    static JsonNode asJson(Object raw, String path) {
        if (raw instanceof String text) {
            try {
                return MetronomeJson.MAPPER.readTree(text);
            } catch (JsonProcessingException e) {
                throw reject(path + " is not valid JSON: " + e.getOriginalMessage());
            }
        }
        if (raw instanceof Map<?, ?> || raw instanceof List<?>) {
            return MetronomeJson.MAPPER.valueToTree(raw);
        }
        throw reject(path + " must be JSON text or a JSON value, not " + typeName(raw));
    }

    /** Characters as Metronome counts them: code points. */
    static int length(String value) {
        return FieldChecks.length(value);
    }

    static String typeName(Object value) {
        return FieldChecks.typeName(value);
    }

    static CommandRejection reject(String reason) {
        return new CommandRejection(reason, null, null);
    }
}
