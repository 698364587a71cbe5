package io.kafkaconnect.metronome.sink;

import static io.kafkaconnect.metronome.sink.CommandFields.asJson;
import static io.kafkaconnect.metronome.sink.CommandFields.length;
import static io.kafkaconnect.metronome.sink.CommandFields.optionalBoolean;
import static io.kafkaconnect.metronome.sink.CommandFields.optionalString;
import static io.kafkaconnect.metronome.sink.CommandFields.reject;
import static io.kafkaconnect.metronome.sink.CommandFields.requiredString;
import static io.kafkaconnect.metronome.sink.CommandFields.typeName;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkaconnect.metronome.client.model.UsageEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Struct;

/**
 * Turns a record into a {@link CustomerCommand}, or throws a {@link CommandRejection} that says precisely what is
 * wrong, so that what Metronome would refuse is refused before any call. Accepted values: a {@link Struct} (Avro, or
 * JSON with schemas), a {@link Map} (schemaless JSON), or JSON text as a String or UTF-8 bytes (with the
 * StringConverter or ByteArrayConverter, so malformed JSON reaches the connector and gets a result instead of
 * failing in the converter): see {@link CommandValue}.
 *
 * <p>Field names and meanings follow {@code schemas/customer_command.avsc}. {@code billing_config},
 * {@code customer_billing_provider_configurations} and an event's {@code properties} are JSON text in the Avro
 * schema; schemaless JSON may give them as objects/arrays too. A field that does not apply to the action must be
 * null. Strings must not be blank; lengths count characters as Metronome does ({@link CommandFields}). The billing
 * shapes are {@link BillingShapes}', the preview events' {@link PreviewEventFields}'; the key rule is
 * {@link CommandKey}'s.
 */
public final class CommandParser {

    static final int MAX_COMMAND_ID_LENGTH = 200;
    static final int MAX_ALIAS_LENGTH = 128;
    static final int MAX_ALIASES = 2000;

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
    private static final Map<CustomerAction, Set<String>> ACTION_FIELDS = Map.of(
            CustomerAction.CREATE, Set.of(INGEST_ALIAS, NAME, INGEST_ALIASES, EXTERNAL_ID, CUSTOM_FIELDS, BILLING_CONFIG,
                    BILLING_PROVIDER_CONFIGURATIONS),
            CustomerAction.SET_NAME, Set.of(CUSTOMER_ID, INGEST_ALIAS, NAME),
            CustomerAction.SET_INGEST_ALIASES, Set.of(CUSTOMER_ID, INGEST_ALIAS, INGEST_ALIASES),
            CustomerAction.ARCHIVE, Set.of(CUSTOMER_ID, INGEST_ALIAS),
            CustomerAction.UPDATE_CONFIG, Set.of(CUSTOMER_ID, INGEST_ALIAS, SALESFORCE_ACCOUNT_ID, LEAVE_IN_DRAFT),
            CustomerAction.PREVIEW_EVENTS, Set.of(CUSTOMER_ID, INGEST_ALIAS, PREVIEW_EVENTS, PREVIEW_MODE,
                    SKIP_ZERO_QTY));

    /** Parses one record: its value, and its key, which must name the same customer (see {@link CommandKey}). */
    public CustomerCommand parse(Object key, Object value) {
        CustomerCommand command = parse(value);
        CommandKey.check(key, command);
        return command;
    }

    /** Parses one record value. */
    public CustomerCommand parse(Object value) {
        Map<String, Object> fields = CommandValue.fields(value, KNOWN_FIELDS);
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
        JsonNode billingConfig = jsonField(fields, BILLING_CONFIG, true);
        if (billingConfig != null) {
            BillingShapes.checkBillingConfig(billingConfig);
        }
        JsonNode providerConfigurations = jsonField(fields, BILLING_PROVIDER_CONFIGURATIONS, false);
        if (providerConfigurations != null) {
            BillingShapes.checkProviderConfigurations(providerConfigurations);
        }
        return new CustomerCommand.Create(commandId, alias, name, List.copyOf(aliases), externalId, customFields(fields),
                billingConfig, providerConfigurations);
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
        List<UsageEvent> events = PreviewEventFields.events(fields.get(PREVIEW_EVENTS));
        String mode = optionalString(fields, PREVIEW_MODE, Integer.MAX_VALUE);
        if (mode != null && !mode.equals("replace") && !mode.equals("merge")) {
            throw reject("preview_mode must be \"replace\" or \"merge\", not \"" + mode + "\"");
        }
        return new CustomerCommand.PreviewEvents(commandId, customer, events, mode,
                optionalBoolean(fields, SKIP_ZERO_QTY));
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

    /**
     * A (possibly empty: replacing the set with none frees every alias) list of distinct valid aliases. A repeated
     * alias is refused although Metronome would drop the repeat: the field is a set, and a repeat is a producer's
     * mistake (two sources mapped onto one value) that silently shrinking the list would hide.
     */
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
        if (length(alias) > MAX_ALIAS_LENGTH) {
            throw reject(field + " has an alias of " + length(alias) + " characters; at most "
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
}
