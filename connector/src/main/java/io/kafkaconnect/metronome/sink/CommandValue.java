package io.kafkaconnect.metronome.sink;

import static io.kafkaconnect.metronome.sink.CommandFields.reject;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kafkaconnect.metronome.client.MetronomeJson;
import io.kafkaconnect.metronome.sinkcommon.ConnectValues;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Struct;

/**
 * The fields of a record value, whatever shape it came in: a {@link Struct} (Avro, or JSON with schemas), a
 * {@link Map} (schemaless JSON), or JSON text as a String or UTF-8 bytes. Structs become maps ({@link ConnectValues}), so
 * the parser's checks serve every shape. Schemaless maps must not carry unknown fields (a typo would otherwise drop
 * a setting silently); structs may, for schema evolution, but must have a command's {@code command_id} and
 * {@code action}.
 */
final class CommandValue {

    private CommandValue() {
    }

    static Map<String, Object> fields(Object value, Set<String> knownFields) {
        if (value == null) {
            throw reject("the record has no value (a tombstone); a command is required");
        }
        if (value instanceof Struct struct) {
            return commandStructFields(struct);
        }
        if (value instanceof Map<?, ?> map) {
            return checkedMap(map, knownFields);
        }
        if (value instanceof String text) {
            return jsonFields(text, knownFields);
        }
        if (value instanceof byte[] bytes) {
            return jsonFields(new String(bytes, StandardCharsets.UTF_8), knownFields);
        }
        throw reject("the record value is a " + value.getClass().getSimpleName()
                + "; expected a struct, a JSON object or JSON text");
    }

    private static Map<String, Object> jsonFields(String text, Set<String> knownFields) {
        Object parsed;
        try {
            parsed = MetronomeJson.MAPPER.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw reject("the record value is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw reject("the record value is JSON but not an object: "
                    + (parsed == null ? "null" : parsed.getClass().getSimpleName()));
        }
        return checkedMap(map, knownFields);
    }

    private static Map<String, Object> checkedMap(Map<?, ?> map, Set<String> knownFields) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String name = String.valueOf(entry.getKey());
            if (!knownFields.contains(name)) {
                throw reject("unknown field \"" + name + "\"");
            }
            fields.put(name, entry.getValue());
        }
        return fields;
    }

    /** A struct of another schema (say, a customer record of the source's topic) is no command at all. */
    private static Map<String, Object> commandStructFields(Struct struct) {
        if (struct.schema().field(CommandParser.COMMAND_ID) == null
                || struct.schema().field(CommandParser.ACTION) == null) {
            throw reject("the record value is a struct of schema " + struct.schema().name()
                    + ", not a customer command: it has no command_id and action fields"
                    + " (see schemas/customer_command.avsc)");
        }
        return ConnectValues.fields(struct);
    }
}
