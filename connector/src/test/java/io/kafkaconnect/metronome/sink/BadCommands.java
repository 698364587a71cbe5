package io.kafkaconnect.metronome.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaconnect.metronome.schema.AvroSchemaConverter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * The catalogue of bad command records: every class of bad input the sink must refuse, each with the key and value
 * of one record and the words its reason must contain. It is the one place these cases live:
 * {@code CommandParserTest} runs the ones the parser refuses, {@code SinkBadInputIT} (connector-it) runs all of them
 * through real Connect workers and checks each one's DLQ reason, its REJECTED result and the commands around it.
 *
 * <p>A value is JSON text (sent with the StringConverter), null (a tombstone) or Connect data (a {@link Struct} or
 * another Java value: sent as Avro through a schema registry). The cases Metronome refuses expect customers with the
 * ingest aliases {@link #OWNER} and {@link #OTHER} to exist, and no customer to own {@code nobody}, {@code fresh} or
 * {@code fresh2}.
 */
public final class BadCommands {

    /** Who refuses the record: the sink's parser before any call, or Metronome. */
    public enum RefusedBy { PARSER, METRONOME }

    /** One bad record and the words its rejection reason must contain. */
    public record BadCommand(String label, String key, Object value, String reason, RefusedBy refusedBy) {
        /** JSON text or a tombstone, as the StringConverter delivers it; otherwise Connect data for an Avro topic. */
        public boolean isJsonText() {
            return value == null || value instanceof String;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public static final String OWNER = "owner";
    public static final String OTHER = "other";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema COMMAND = AvroSchemaConverter.load("customer_command");
    private static final Schema EVENT = COMMAND.field("preview_events").schema().valueSchema();
    private static final Schema CUSTOMER = AvroSchemaConverter.load("customer");
    /** 129 characters of one code point and two UTF-16 units each. */
    private static final String EMOJI_129 = "\uD83D\uDE00".repeat(129);

    private BadCommands() {
    }

    /** Every case; labels are distinct. */
    public static List<BadCommand> all() {
        List<BadCommand> cases = new ArrayList<>();
        cases.addAll(valueShapes());
        cases.addAll(commandIdActionAndReference());
        cases.addAll(nameAliasesAndExternalId());
        cases.addAll(createSettings());
        cases.addAll(updateConfigAndPreview());
        cases.add(new BadCommand("key naming another customer", OWNER,
                json("command_id", "b-key", "action", "SET_NAME", "ingest_alias", OTHER, "name", "N"),
                "the record key \"owner\" is not the command's ingest_alias \"other\"", RefusedBy.PARSER));
        cases.addAll(refusedByMetronome());
        return List.copyOf(cases);
    }

    public static List<BadCommand> refusedByTheParser() {
        return all().stream().filter(c -> c.refusedBy() == RefusedBy.PARSER).toList();
    }

    /** Cases the parser accepts and Metronome refuses (they need Metronome's state). */
    public static List<BadCommand> refusedByMetronome() {
        return List.of(
                metronome("unknown customer alias", "nobody", json("command_id", "b-m1", "action", "SET_NAME",
                        "ingest_alias", "nobody", "name", "N"), "unknown customer: no customer owns ingest alias \"nobody\""),
                metronome("unknown customer id", "no-such-id", json("command_id", "b-m2", "action", "ARCHIVE",
                        "customer_id", "no-such-id"), "Metronome refused ARCHIVE with HTTP 404"),
                metronome("alias owned by another customer", OTHER, json("command_id", "b-m3",
                        "action", "SET_INGEST_ALIASES", "ingest_alias", OTHER, "ingest_aliases", List.of(OTHER, OWNER)),
                        "Metronome refused SET_INGEST_ALIASES with HTTP 409"),
                metronome("CREATE with another customer's alias", "fresh", json("command_id", "b-m4", "action", "CREATE",
                        "ingest_alias", "fresh", "name", "F", "ingest_aliases", List.of(OWNER)),
                        "Metronome refused CREATE with HTTP 409"));
    }

    private static List<BadCommand> valueShapes() {
        Struct customer = new Struct(CUSTOMER).put("id", "c-1").put("name", "A customer, not a command")
                .put("ingest_aliases", List.of(OWNER)).put("custom_fields", Map.of());
        Struct badEvent = new Struct(COMMAND).put("command_id", "b-v7").put("action", "PREVIEW_EVENTS")
                .put("ingest_alias", OWNER).put("preview_events", List.of(new Struct(EVENT)
                        .put("event_type", "api_call").put("timestamp", "yesterday")));
        return List.of(
                parser("malformed JSON", "x", "{\"command_id\": \"b-v1\", ", "the record value is not valid JSON"),
                parser("JSON array instead of an object", "x", "[\"b-v2\"]", "the record value is JSON but not an object"),
                parser("JSON null", "x", "null", "the record value is JSON but not an object: null"),
                parser("tombstone", "x", null, "the record has no value (a tombstone)"),
                parser("unknown field", OWNER, json("command_id", "b-v5", "action", "SET_NAME", "ingest_alias", OWNER,
                        "nmae", "N"), "unknown field \"nmae\""),
                parser("Avro record of another schema", OWNER, customer,
                        "the record value is a struct of schema io.kafkaconnect.metronome.avro.Customer, not a customer command"),
                parser("Avro value that is not a record", OWNER, 42L, "the record value is a Long"),
                parser("Avro preview event with a bad timestamp", OWNER, badEvent,
                        "preview_events[0].timestamp must be an RFC 3339 timestamp"),
                parser("Avro SET_NAME without name", OWNER, new Struct(COMMAND).put("command_id", "b-v8")
                        .put("action", "SET_NAME").put("ingest_alias", OWNER), "name is required"));
    }

    private static List<BadCommand> commandIdActionAndReference() {
        return List.of(
                parser("missing command_id", OWNER, json("action", "ARCHIVE", "ingest_alias", OWNER), "command_id is required"),
                parser("blank command_id", OWNER, json("command_id", " ", "action", "ARCHIVE", "ingest_alias", OWNER),
                        "command_id must not be blank"),
                parser("command_id of wrong type", OWNER, json("command_id", 7, "action", "ARCHIVE", "ingest_alias", OWNER),
                        "command_id must be a string, not a number"),
                parser("over-long command_id", OWNER, json("command_id", "c".repeat(201), "action", "ARCHIVE",
                        "ingest_alias", OWNER), "command_id has 201 characters; at most 200 allowed"),
                parser("missing action", OWNER, json("command_id", "b-a1", "ingest_alias", OWNER), "action is required"),
                parser("unknown action", OWNER, json("command_id", "b-a2", "action", "DELETE", "ingest_alias", OWNER),
                        "unknown action \"DELETE\""),
                parser("action of wrong type", OWNER, json("command_id", "b-a3", "action", List.of("ARCHIVE"),
                        "ingest_alias", OWNER), "action must be a string, not an array"),
                parser("no customer reference", "x", json("command_id", "b-r1", "action", "ARCHIVE"), "names no customer"),
                parser("both customer references", OWNER, json("command_id", "b-r2", "action", "ARCHIVE",
                        "customer_id", "c-1", "ingest_alias", OWNER), "set customer_id or ingest_alias, not both"),
                parser("customer_id of wrong type", "x", json("command_id", "b-r3", "action", "ARCHIVE",
                        "customer_id", Map.of("id", "c-1")), "customer_id must be a string, not an object"),
                parser("blank ingest_alias", " ", json("command_id", "b-r4", "action", "ARCHIVE", "ingest_alias", " "),
                        "ingest_alias must not be blank"),
                parser("over-long ingest_alias", "x", json("command_id", "b-r5", "action", "ARCHIVE",
                        "ingest_alias", "a".repeat(129)), "ingest_alias has 129 characters; at most 128 allowed"),
                parser("field of another action", OWNER, json("command_id", "b-r6", "action", "ARCHIVE",
                        "ingest_alias", OWNER, "name", "N"), "field \"name\" does not apply to ARCHIVE"),
                parser("CREATE naming a customer_id", "x", json("command_id", "b-r7", "action", "CREATE",
                        "ingest_alias", "x", "name", "N", "customer_id", "c-1"), "field \"customer_id\" does not apply to CREATE"));
    }

    private static List<BadCommand> nameAliasesAndExternalId() {
        List<String> aliases2001 = IntStream.range(0, 2001).mapToObj(i -> "many-" + i).toList();
        List<String> aliases2000 = aliases2001.subList(0, 2000);
        return List.of(
                parser("CREATE without name", "new", json("command_id", "b-n1", "action", "CREATE", "ingest_alias", "new"),
                        "name is required"),
                parser("name of wrong type", OWNER, json("command_id", "b-n2", "action", "SET_NAME", "ingest_alias", OWNER,
                        "name", 42), "name must be a string, not a number"),
                parser("blank name", OWNER, json("command_id", "b-n3", "action", "SET_NAME", "ingest_alias", OWNER,
                        "name", " "), "name must not be blank"),
                parser("ingest_aliases of wrong type", OWNER, json("command_id", "b-i1", "action", "SET_INGEST_ALIASES",
                        "ingest_alias", OWNER, "ingest_aliases", "owner,owner-2"),
                        "ingest_aliases must be an array of strings, not a string"),
                parser("ingest_aliases holding numbers", OWNER, json("command_id", "b-i2", "action", "SET_INGEST_ALIASES",
                        "ingest_alias", OWNER, "ingest_aliases", List.of(1)), "ingest_aliases must contain only strings"),
                parser("duplicate alias in one command", OWNER, json("command_id", "b-i3", "action", "SET_INGEST_ALIASES",
                        "ingest_alias", OWNER, "ingest_aliases", List.of(OWNER, "dup", "dup")),
                        "ingest_aliases lists \"dup\" twice"),
                parser("blank alias", OWNER, json("command_id", "b-i4", "action", "SET_INGEST_ALIASES", "ingest_alias", OWNER,
                        "ingest_aliases", List.of(OWNER, "")), "ingest_aliases must not contain a blank alias"),
                parser("over-long alias", OWNER, json("command_id", "b-i5", "action", "SET_INGEST_ALIASES",
                        "ingest_alias", OWNER, "ingest_aliases", List.of("a".repeat(129))),
                        "ingest_aliases has an alias of 129 characters"),
                parser("over-long alias of emoji (counted in characters)", OWNER, json("command_id", "b-i6",
                        "action", "SET_INGEST_ALIASES", "ingest_alias", OWNER, "ingest_aliases", List.of(EMOJI_129)),
                        "ingest_aliases has an alias of 129 characters"),
                parser("SET_INGEST_ALIASES without aliases", OWNER, json("command_id", "b-i7",
                        "action", "SET_INGEST_ALIASES", "ingest_alias", OWNER), "ingest_aliases is required"),
                parser("more than 2000 aliases", OWNER, json("command_id", "b-i8", "action", "SET_INGEST_ALIASES",
                        "ingest_alias", OWNER, "ingest_aliases", aliases2001),
                        "ingest_aliases has 2001 aliases; at most 2000 allowed"),
                parser("CREATE with more than 2000 aliases in all", "many", json("command_id", "b-i9", "action", "CREATE",
                        "ingest_alias", "many", "name", "M", "ingest_aliases", aliases2000),
                        "a customer can have at most 2000 ingest aliases"),
                parser("over-long external_id", "x", json("command_id", "b-e1", "action", "CREATE", "name", "N",
                        "external_id", "e".repeat(129)), "external_id has 129 characters; at most 128 allowed"),
                parser("external_id of wrong type", "x", json("command_id", "b-e2", "action", "CREATE", "name", "N",
                        "external_id", true), "external_id must be a string, not a boolean"),
                parser("external_id on SET_NAME", OWNER, json("command_id", "b-e3", "action", "SET_NAME",
                        "ingest_alias", OWNER, "name", "N", "external_id", "e"),
                        "field \"external_id\" does not apply to SET_NAME"));
    }

    private static List<BadCommand> createSettings() {
        return List.of(
                create("custom_fields of wrong type", "custom_fields", List.of("tier"),
                        "custom_fields must be an object of strings, not an array"),
                create("custom field value of wrong type", "custom_fields", Map.of("tier", 3),
                        "custom_fields.tier must be a string, not a number"),
                create("billing_config that is not an object", "billing_config", "[1]",
                        "billing_config must be a JSON object"),
                create("billing_config that is not JSON", "billing_config", "{\"billing_provider_type\":",
                        "billing_config is not valid JSON"),
                create("billing_config of wrong type", "billing_config", true,
                        "billing_config must be JSON text or a JSON value, not a boolean"),
                create("billing_config without the provider's customer id", "billing_config",
                        Map.of("billing_provider_type", "stripe"), "billing_config.billing_provider_customer_id is required"),
                create("billing_config of an unknown provider type", "billing_config",
                        Map.of("billing_provider_type", "paypal", "billing_provider_customer_id", "p-1"),
                        "billing_config.billing_provider_type must be one of"),
                create("billing_config with an unknown collection method", "billing_config",
                        Map.of("billing_provider_type", "stripe", "billing_provider_customer_id", "cus_1",
                                "stripe_collection_method", "barter"), "billing_config.stripe_collection_method must be one of"),
                create("billing_config flag of wrong type", "billing_config",
                        Map.of("billing_provider_type", "aws_marketplace", "billing_provider_customer_id", "a-1",
                                "aws_is_subscription_product", "yes"),
                        "billing_config.aws_is_subscription_product must be a boolean"),
                create("provider configurations that are not an array", "customer_billing_provider_configurations",
                        Map.of("billing_provider", "stripe"), "customer_billing_provider_configurations must be a JSON array"),
                create("provider configuration that is not an object", "customer_billing_provider_configurations",
                        List.of(1), "customer_billing_provider_configurations[0] must be an object"),
                create("provider configuration without delivery method", "customer_billing_provider_configurations",
                        List.of(Map.of("billing_provider", "stripe")),
                        "customer_billing_provider_configurations[0] needs delivery_method or delivery_method_id"),
                create("provider configuration of an unknown provider", "customer_billing_provider_configurations",
                        List.of(Map.of("billing_provider", "paypal", "delivery_method", "direct_to_billing_provider")),
                        "customer_billing_provider_configurations[0].billing_provider must be one of"));
    }

    private static List<BadCommand> updateConfigAndPreview() {
        List<Map<String, Object>> events101 = Collections.nCopies(101, Map.of("event_type", "e"));
        return List.of(
                parser("UPDATE_CONFIG without settings", OWNER, json("command_id", "b-u1", "action", "UPDATE_CONFIG",
                        "ingest_alias", OWNER), "UPDATE_CONFIG needs salesforce_account_id or leave_stripe_invoices_in_draft"),
                parser("boolean setting of wrong type", OWNER, json("command_id", "b-u2", "action", "UPDATE_CONFIG",
                        "ingest_alias", OWNER, "leave_stripe_invoices_in_draft", "yes"),
                        "leave_stripe_invoices_in_draft must be a boolean, not a string"),
                parser("salesforce_account_id of wrong type", OWNER, json("command_id", "b-u3", "action", "UPDATE_CONFIG",
                        "ingest_alias", OWNER, "salesforce_account_id", 15), "salesforce_account_id must be a string, not a number"),
                preview("preview_events of wrong type", Map.of("event_type", "e"),
                        "preview_events must be an array, not an object"),
                preview("no preview events", List.of(), "PREVIEW_EVENTS needs preview_events with 1 to 100 events"),
                preview("more than 100 preview events", events101, "preview_events has 101 events; at most 100 allowed"),
                preview("preview event that is not an object", List.of("api_call"),
                        "preview_events[0] must be an object, not a string"),
                preview("preview event without event_type", List.of(Map.of()), "preview_events[0].event_type is required"),
                preview("preview event_type of wrong type", List.of(Map.of("event_type", 5)),
                        "preview_events[0].event_type must be a string, not a number"),
                preview("preview event with an unknown field", List.of(Map.of("event_type", "e", "customer_id", "c-1")),
                        "preview_events[0] has an unknown field \"customer_id\""),
                preview("preview timestamp that is not RFC 3339", List.of(Map.of("event_type", "e",
                        "timestamp", "2024-05-01")), "preview_events[0].timestamp must be an RFC 3339 timestamp"),
                preview("preview timestamp of wrong type", List.of(Map.of("event_type", "e", "timestamp", 1714521600)),
                        "preview_events[0].timestamp must be a string, not a number"),
                preview("over-long preview transaction_id", List.of(Map.of("event_type", "e",
                        "transaction_id", "t".repeat(129))), "preview_events[0].transaction_id has 129 characters"),
                preview("preview properties that are not an object", List.of(Map.of("event_type", "e",
                        "properties", List.of(1))), "preview_events[0].properties must be a JSON object"),
                preview("preview properties that are not JSON", List.of(Map.of("event_type", "e", "properties", "{n:")),
                        "preview_events[0].properties is not valid JSON"),
                parser("unknown preview_mode", OWNER, json("command_id", "b-p1", "action", "PREVIEW_EVENTS",
                        "ingest_alias", OWNER, "preview_events", List.of(Map.of("event_type", "e")), "preview_mode", "add"),
                        "preview_mode must be \"replace\" or \"merge\", not \"add\""),
                parser("skip_zero_qty_line_items of wrong type", OWNER, json("command_id", "b-p2", "action",
                        "PREVIEW_EVENTS", "ingest_alias", OWNER, "preview_events", List.of(Map.of("event_type", "e")),
                        "skip_zero_qty_line_items", "no"), "skip_zero_qty_line_items must be a boolean, not a string"));
    }

    /** A CREATE of a new customer whose one further field is {@code value}. */
    private static BadCommand create(String label, String field, Object value, String reason) {
        String alias = "new-" + Integer.toHexString(label.hashCode());
        return parser(label, alias, json("command_id", "b-c-" + alias, "action", "CREATE", "ingest_alias", alias,
                "name", "N", field, value), reason);
    }

    /** A PREVIEW_EVENTS for the owner with these {@code preview_events}. */
    private static BadCommand preview(String label, Object events, String reason) {
        return parser(label, OWNER, json("command_id", "b-pe-" + Integer.toHexString(label.hashCode()),
                "action", "PREVIEW_EVENTS", "ingest_alias", OWNER, "preview_events", events), reason);
    }

    private static BadCommand parser(String label, String key, Object value, String reason) {
        return new BadCommand(label, key, value, reason, RefusedBy.PARSER);
    }

    private static BadCommand metronome(String label, String key, String value, String reason) {
        return new BadCommand(label, key, value, reason, RefusedBy.METRONOME);
    }

    /** JSON text of an object with these fields, in this order. */
    public static String json(Object... namesAndValues) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            object.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        try {
            return JSON.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
