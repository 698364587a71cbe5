package io.kafkaconnect.metronome.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.kafkaconnect.metronome.client.MetronomeJson;
import io.kafkaconnect.metronome.client.model.UsageEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/**
 * Turns a record value into a {@link CustomerCommand}, or throws a {@link CommandRejection} that says precisely
 * what is wrong. Accepted values: a {@link Struct} (Avro, or JSON with schemas), a {@link Map} (schemaless JSON),
 * or JSON text as a String or UTF-8 bytes (with the StringConverter or ByteArrayConverter, so malformed JSON
 * reaches the connector and gets a result instead of failing in the converter).
 *
 * <p>Field names and meanings follow {@code schemas/customer_command.avsc}. {@code billing_config},
 * {@code customer_billing_provider_configurations} and an event's {@code properties} are JSON text in the Avro
 * schema; schemaless JSON may give them as objects/arrays too. Schemaless maps must not carry unknown fields (a
 * typo would otherwise silently drop a setting); structs may, for schema evolution. A field that does not apply
 * to the action must be null.
 */
public final class CommandParser {

    static final int MAX_COMMAND_ID_LENGTH = 200;
    /** Metronome truncates longer names (create and set name); the sink sends them as given and says so. */
    static final int MAX_NAME_LENGTH = 160;
    static final int MAX_ALIAS_LENGTH = 128;
    static final int MAX_ALIASES = 2000;
    static final int MAX_PREVIEW_EVENTS = 100;

    static final String COMMAND_ID = "command_id";
    static final String ACTION = "action";
    static final String CUSTOMER_ID = "customer_id";
    static final String INGEST_ALIAS = "ingest_alias";
    static final String NAME = "name";
    static final String INGEST_ALIASES = "ingest_aliases";
    static final String EXTERNAL_ID = "external_id";
    static final String CUSTOM_FIELDS = "custom_fields";
    static final String BILLING_CONFIG = "billing_config";
    static final String BILLING_PROVIDER_CONFIGURATIONS = "customer_billing_provider_configurations";
    static final String SALESFORCE_ACCOUNT_ID = "salesforce_account_id";
    static final String LEAVE_IN_DRAFT = "leave_stripe_invoices_in_draft";
    static final String PREVIEW_EVENTS = "preview_events";
    static final String PREVIEW_MODE = "preview_mode";
    static final String SKIP_ZERO_QTY = "skip_zero_qty_line_items";

    private static final Set<String> KNOWN_FIELDS = Set.of(COMMAND_ID, ACTION, CUSTOMER_ID, INGEST_ALIAS, NAME,
            INGEST_ALIASES, EXTERNAL_ID, CUSTOM_FIELDS, BILLING_CONFIG, BILLING_PROVIDER_CONFIGURATIONS, SALESFORCE_ACCOUNT_ID,
            LEAVE_IN_DRAFT, PREVIEW_EVENTS, PREVIEW_MODE, SKIP_ZERO_QTY);
    private static final Set<String> EVENT_FIELDS = Set.of("event_type", "timestamp", "transaction_id", "properties");
    private static final Map<CustomerAction, Set<String>> ACTION_FIELDS = Map.of(
            CustomerAction.CREATE, Set.of(INGEST_ALIAS, NAME, INGEST_ALIASES, EXTERNAL_ID, CUSTOM_FIELDS, BILLING_CONFIG,
                    BILLING_PROVIDER_CONFIGURATIONS),
            CustomerAction.SET_NAME, Set.of(CUSTOMER_ID, INGEST_ALIAS, NAME),
            CustomerAction.SET_INGEST_ALIASES, Set.of(CUSTOMER_ID, INGEST_ALIAS, INGEST_ALIASES),
            CustomerAction.ARCHIVE, Set.of(CUSTOMER_ID, INGEST_ALIAS),
            CustomerAction.UPDATE_CONFIG, Set.of(CUSTOMER_ID, INGEST_ALIAS, SALESFORCE_ACCOUNT_ID, LEAVE_IN_DRAFT),
            CustomerAction.PREVIEW_EVENTS, Set.of(CUSTOMER_ID, INGEST_ALIAS, PREVIEW_EVENTS, PREVIEW_MODE,
                    SKIP_ZERO_QTY));

    /** Parses one record value. */
    public CustomerCommand parse(Object value) {
        Map<String, Object> fields = fieldsOf(value);
        String commandId = null;
        CustomerAction action = null;
        try {
            commandId = requiredString(fields, COMMAND_ID, MAX_COMMAND_ID_LENGTH);
            action = actionOf(fields);
            checkFieldsApply(fields, action);
            switch (action) {
                case CREATE:
                    return create(fields, commandId);
                case SET_NAME:
                    return new CustomerCommand.SetName(commandId, customerRef(fields),
                            requiredString(fields, NAME, Integer.MAX_VALUE));
                case SET_INGEST_ALIASES:
                    return new CustomerCommand.SetIngestAliases(commandId, customerRef(fields), aliasList(fields));
                case ARCHIVE:
                    return new CustomerCommand.Archive(commandId, customerRef(fields));
                case UPDATE_CONFIG:
                    return updateConfig(fields, commandId);
                default:
                    return previewEvents(fields, commandId);
            }
        } catch (CommandRejection rejection) {
            throw rejection.about(commandId, action);
        }
    }

    // ---- the shapes a value can come in ----

    private static Map<String, Object> fieldsOf(Object value) {
        if (value == null) {
            throw reject("the record has no value (a tombstone); a command is required");
        }
        if (value instanceof Struct struct) {
            return structFields(struct);
        }
        if (value instanceof Map<?, ?> map) {
            return checkedMap(map);
        }
        if (value instanceof String text) {
            return jsonFields(text);
        }
        if (value instanceof byte[] bytes) {
            return jsonFields(new String(bytes, StandardCharsets.UTF_8));
        }
        throw reject("the record value is a " + value.getClass().getSimpleName()
                + "; expected a struct, a JSON object or JSON text");
    }

    private static Map<String, Object> jsonFields(String text) {
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
        return checkedMap(map);
    }

    private static Map<String, Object> checkedMap(Map<?, ?> map) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String name = String.valueOf(entry.getKey());
            if (!KNOWN_FIELDS.contains(name)) {
                throw reject("unknown field \"" + name + "\"");
            }
            fields.put(name, entry.getValue());
        }
        return fields;
    }

    private static Map<String, Object> structFields(Struct struct) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Field field : struct.schema().fields()) {
            fields.put(field.name(), plain(struct.get(field)));
        }
        return fields;
    }

    /** Structs nested in arrays (preview events) become maps, so one set of checks serves every input shape. */
    private static Object plain(Object value) {
        if (value instanceof Struct struct) {
            return structFields(struct);
        }
        if (value instanceof List<?> list) {
            List<Object> items = new ArrayList<>(list.size());
            list.forEach(item -> items.add(plain(item)));
            return items;
        }
        return value;
    }

    // ---- per action ----

    private static CustomerCommand create(Map<String, Object> fields, String commandId) {
        // ingest_alias is optional, as in the API: without it, only the Idempotency-Key makes creating idempotent
        String alias = optionalString(fields, INGEST_ALIAS, MAX_ALIAS_LENGTH);
        String name = requiredString(fields, NAME, Integer.MAX_VALUE);
        List<String> aliases = new ArrayList<>();
        if (alias != null) {
            aliases.add(alias);
        }
        List<String> further = fields.get(INGEST_ALIASES) == null ? List.of() : aliasList(fields);
        further.stream().filter(a -> !a.equals(alias)).forEach(aliases::add);
        if (aliases.size() > MAX_ALIASES) {
            throw reject("a customer can have at most " + MAX_ALIASES + " ingest aliases");
        }
        String externalId = optionalString(fields, EXTERNAL_ID, MAX_ALIAS_LENGTH);
        return new CustomerCommand.Create(commandId, alias, name, List.copyOf(aliases), externalId, customFields(fields),
                jsonField(fields, BILLING_CONFIG, true), jsonField(fields, BILLING_PROVIDER_CONFIGURATIONS, false));
    }

    private static CustomerCommand updateConfig(Map<String, Object> fields, String commandId) {
        Boolean leaveInDraft = optionalBoolean(fields, LEAVE_IN_DRAFT);
        String salesforce = optionalString(fields, SALESFORCE_ACCOUNT_ID, Integer.MAX_VALUE);
        if (leaveInDraft == null && salesforce == null) {
            throw reject("UPDATE_CONFIG needs salesforce_account_id or leave_stripe_invoices_in_draft");
        }
        return new CustomerCommand.UpdateConfig(commandId, customerRef(fields), leaveInDraft, salesforce);
    }

    private static CustomerCommand previewEvents(Map<String, Object> fields, String commandId) {
        CustomerRef customer = customerRef(fields);
        Object raw = fields.get(PREVIEW_EVENTS);
        if (!(raw instanceof List<?> list) || list.isEmpty()) {
            throw reject(raw == null || raw instanceof List<?>
                    ? "PREVIEW_EVENTS needs preview_events with 1 to " + MAX_PREVIEW_EVENTS + " events"
                    : "preview_events must be an array, not " + typeName(raw));
        }
        if (list.size() > MAX_PREVIEW_EVENTS) {
            throw reject("preview_events has " + list.size() + " events; at most " + MAX_PREVIEW_EVENTS + " allowed");
        }
        List<UsageEvent> events = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            events.add(previewEvent(list.get(i), i));
        }
        String mode = optionalString(fields, PREVIEW_MODE, Integer.MAX_VALUE);
        if (mode != null && !mode.equals("replace") && !mode.equals("merge")) {
            throw reject("preview_mode must be \"replace\" or \"merge\", not \"" + mode + "\"");
        }
        return new CustomerCommand.PreviewEvents(commandId, customer, List.copyOf(events), mode,
                optionalBoolean(fields, SKIP_ZERO_QTY));
    }

    private static UsageEvent previewEvent(Object raw, int index) {
        String where = "preview_events[" + index + "]";
        if (!(raw instanceof Map<?, ?> map)) {
            throw reject(where + " must be an object, not " + typeName(raw));
        }
        Map<String, Object> event = new LinkedHashMap<>();
        map.forEach((k, v) -> event.put(String.valueOf(k), v));
        for (String name : event.keySet()) {
            if (!EVENT_FIELDS.contains(name)) {
                throw reject(where + " has an unknown field \"" + name + "\"");
            }
        }
        String eventType = stringIn(event, "event_type", where);
        if (eventType == null || eventType.isBlank()) {
            throw reject(where + ".event_type is required");
        }
        Map<String, Object> properties = null;
        Object props = event.get("properties");
        if (props != null) {
            JsonNode node = asJson(props, where + ".properties");
            if (!node.isObject()) {
                throw reject(where + ".properties must be a JSON object");
            }
            properties = MetronomeJson.MAPPER.convertValue(node, new TypeReference<Map<String, Object>>() { });
        }
        return new UsageEvent(stringIn(event, "transaction_id", where), null, eventType,
                stringIn(event, "timestamp", where), properties);
    }

    // ---- fields ----

    private static CustomerAction actionOf(Map<String, Object> fields) {
        String text = requiredString(fields, ACTION, Integer.MAX_VALUE);
        try {
            return CustomerAction.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw reject("unknown action \"" + text + "\"; expected one of " + List.of(CustomerAction.values()));
        }
    }

    private static void checkFieldsApply(Map<String, Object> fields, CustomerAction action) {
        Set<String> allowed = ACTION_FIELDS.get(action);
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            String name = field.getKey();
            if (field.getValue() != null && KNOWN_FIELDS.contains(name) && !name.equals(COMMAND_ID)
                    && !name.equals(ACTION) && !allowed.contains(name)) {
                throw reject("field \"" + name + "\" does not apply to " + action);
            }
        }
    }

    private static CustomerRef customerRef(Map<String, Object> fields) {
        String id = optionalString(fields, CUSTOMER_ID, Integer.MAX_VALUE);
        String alias = optionalString(fields, INGEST_ALIAS, MAX_ALIAS_LENGTH);
        if (id == null && alias == null) {
            throw reject("the command names no customer: set customer_id or ingest_alias");
        }
        if (id != null && alias != null) {
            throw reject("set customer_id or ingest_alias, not both");
        }
        return id != null ? CustomerRef.byId(id) : CustomerRef.byAlias(alias);
    }

    /** A (possibly empty: replacing the set with none frees every alias) list of distinct valid aliases. */
    private static List<String> aliasList(Map<String, Object> fields) {
        Object raw = fields.get(INGEST_ALIASES);
        if (raw == null) {
            throw reject("ingest_aliases is required");
        }
        if (!(raw instanceof List<?> list)) {
            throw reject("ingest_aliases must be an array of strings, not " + typeName(raw));
        }
        if (list.size() > MAX_ALIASES) {
            throw reject("ingest_aliases has " + list.size() + " aliases; at most " + MAX_ALIASES + " allowed");
        }
        List<String> aliases = new ArrayList<>(list.size());
        Set<String> seen = new HashSet<>();
        for (Object item : list) {
            if (!(item instanceof String alias)) {
                throw reject("ingest_aliases must contain only strings, found " + typeName(item));
            }
            checkAlias(alias, INGEST_ALIASES);
            if (!seen.add(alias)) {
                throw reject("ingest_aliases lists \"" + alias + "\" twice");
            }
            aliases.add(alias);
        }
        return List.copyOf(aliases);
    }

    private static void checkAlias(String alias, String field) {
        if (alias.isBlank()) {
            throw reject(field + " must not contain a blank alias");
        }
        if (alias.length() > MAX_ALIAS_LENGTH) {
            throw reject(field + " has an alias of " + alias.length() + " characters; at most "
                    + MAX_ALIAS_LENGTH + " allowed");
        }
    }

    private static Map<String, String> customFields(Map<String, Object> fields) {
        Object raw = fields.get(CUSTOM_FIELDS);
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof Map<?, ?> map)) {
            throw reject("custom_fields must be an object of strings, not " + typeName(raw));
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getValue() instanceof String value)) {
                throw reject("custom_fields." + entry.getKey() + " must be a string, not " + typeName(entry.getValue()));
            }
            result.put(String.valueOf(entry.getKey()), value);
        }
        return result;
    }

    /** A JSON object ({@code object == true}) or array field, given as JSON text or (schemaless) as the value. */
    private static JsonNode jsonField(Map<String, Object> fields, String name, boolean object) {
        Object raw = fields.get(name);
        if (raw == null) {
            return null;
        }
        JsonNode node = asJson(raw, name);
        if (object ? !node.isObject() : !node.isArray()) {
            throw reject(name + " must be a JSON " + (object ? "object" : "array"));
        }
        return node;
    }

    private static JsonNode asJson(Object raw, String name) {
        if (raw instanceof String text) {
            try {
                return MetronomeJson.MAPPER.readTree(text);
            } catch (JsonProcessingException e) {
                throw reject(name + " is not valid JSON: " + e.getOriginalMessage());
            }
        }
        if (raw instanceof Map<?, ?> || raw instanceof List<?>) {
            return MetronomeJson.MAPPER.valueToTree(raw);
        }
        throw reject(name + " must be JSON text or a JSON value, not " + typeName(raw));
    }

    private static String requiredString(Map<String, Object> fields, String name, int maxLength) {
        String value = optionalString(fields, name, maxLength);
        if (value == null) {
            throw reject(name + " is required");
        }
        return value;
    }

    private static String optionalString(Map<String, Object> fields, String name, int maxLength) {
        Object raw = fields.get(name);
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof String value)) {
            throw reject(name + " must be a string, not " + typeName(raw));
        }
        if (value.isBlank()) {
            throw reject(name + " must not be blank");
        }
        if (value.length() > maxLength) {
            throw reject(name + " has " + value.length() + " characters; at most " + maxLength + " allowed");
        }
        return value;
    }

    private static Boolean optionalBoolean(Map<String, Object> fields, String name) {
        Object raw = fields.get(name);
        if (raw == null || raw instanceof Boolean) {
            return (Boolean) raw;
        }
        throw reject(name + " must be a boolean, not " + typeName(raw));
    }

    private static String stringIn(Map<String, Object> fields, String name, String where) {
        Object raw = fields.get(name);
        if (raw == null || raw instanceof String) {
            return (String) raw;
        }
        throw reject(where + "." + name + " must be a string, not " + typeName(raw));
    }

    private static String typeName(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        if (value instanceof List<?>) {
            return "an array";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        return "a " + value.getClass().getSimpleName();
    }

    private static CommandRejection reject(String reason) {
        return new CommandRejection(reason, null, null);
    }
}
