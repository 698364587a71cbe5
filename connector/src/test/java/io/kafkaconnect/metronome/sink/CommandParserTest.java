package io.kafkaconnect.metronome.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkaconnect.metronome.schema.AvroSchemaConverter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandParserTest {

    private final CommandParser parser = new CommandParser();

    @Test
    void parsesACreateFromJsonText() {
        CustomerCommand command = parser.parse("""
                {"command_id":"c1","action":"CREATE","ingest_alias":"acme","name":"Acme",
                 "ingest_aliases":["acme","acme-2"],"custom_fields":{"tier":"gold"},
                 "billing_config":{"billing_provider_type":"stripe","billing_provider_customer_id":"cus_1"},
                 "customer_billing_provider_configurations":"[{\\"billing_provider\\":\\"stripe\\"}]"}""");

        assertThat(command).isInstanceOfSatisfying(CustomerCommand.Create.class, create -> {
            assertThat(create.commandId()).isEqualTo("c1");
            assertThat(create.ingestAliases()).containsExactly("acme", "acme-2");
            assertThat(create.customFields()).containsEntry("tier", "gold");
            assertThat(create.billingConfig().path("billing_provider_customer_id").asText()).isEqualTo("cus_1");
            assertThat(create.billingProviderConfigurations().get(0).path("billing_provider").asText())
                    .isEqualTo("stripe");
            assertThat(create.customer().laneKey()).isEqualTo("alias:acme");
        });
    }

    @Test
    void parsesAStructOfTheAvroSchema() {
        Schema schema = AvroSchemaConverter.load("customer_command");
        Schema eventSchema = schema.field("preview_events").schema().valueSchema();
        Struct event = new Struct(eventSchema).put("event_type", "api_call").put("properties", "{\"n\":3}");
        Struct struct = new Struct(schema).put("command_id", "c2").put("action", "PREVIEW_EVENTS")
                .put("customer_id", "cust-1").put("preview_events", List.of(event)).put("preview_mode", "merge");

        CustomerCommand command = parser.parse(struct);

        assertThat(command).isInstanceOfSatisfying(CustomerCommand.PreviewEvents.class, preview -> {
            assertThat(preview.customer()).isEqualTo(CustomerRef.byId("cust-1"));
            assertThat(preview.events()).singleElement().satisfies(e -> {
                assertThat(e.eventType()).isEqualTo("api_call");
                assertThat(e.properties()).containsEntry("n", 3);
            });
            assertThat(preview.mode()).isEqualTo("merge");
        });
    }

    @Test
    void parsesSchemalessMapsAndBytes() {
        assertThat(parser.parse(Map.of("command_id", "c3", "action", "SET_NAME", "ingest_alias", "acme",
                "name", "New"))).isEqualTo(new CustomerCommand.SetName("c3", CustomerRef.byAlias("acme"), "New"));
        assertThat(parser.parse("{\"command_id\":\"c4\",\"action\":\"ARCHIVE\",\"customer_id\":\"x\"}"
                .getBytes(StandardCharsets.UTF_8))).isEqualTo(new CustomerCommand.Archive("c4", CustomerRef.byId("x")));
        assertThat(parser.parse(Map.of("command_id", "c5", "action", "UPDATE_CONFIG", "customer_id", "x",
                "leave_stripe_invoices_in_draft", true)))
                .isEqualTo(new CustomerCommand.UpdateConfig("c5", CustomerRef.byId("x"), true, null));
    }

    /** Every class of bad input gets a rejection whose reason names the problem. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON|{\"command_id\": \"x\", |not valid JSON",
            "JSON but not an object|[1,2]|not an object",
            "missing command id|{\"action\":\"ARCHIVE\",\"customer_id\":\"x\"}|command_id is required",
            "blank command id|{\"command_id\":\" \",\"action\":\"ARCHIVE\",\"customer_id\":\"x\"}|command_id must not be blank",
            "missing action|{\"command_id\":\"c\",\"customer_id\":\"x\"}|action is required",
            "unknown action|{\"command_id\":\"c\",\"action\":\"DELETE\",\"customer_id\":\"x\"}|unknown action \"DELETE\"",
            "unknown field|{\"command_id\":\"c\",\"action\":\"SET_NAME\",\"customer_id\":\"x\",\"nmae\":\"a\"}|unknown field \"nmae\"",
            "over-long external id|{\"command_id\":\"c\",\"action\":\"CREATE\",\"name\":\"A\",\"external_id\":\"eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee\"}|external_id has 129 characters",
            "external id on SET_NAME|{\"command_id\":\"c\",\"action\":\"SET_NAME\",\"customer_id\":\"x\",\"name\":\"A\",\"external_id\":\"e\"}|field \"external_id\" does not apply to SET_NAME",
            "CREATE without name|{\"command_id\":\"c\",\"action\":\"CREATE\",\"ingest_alias\":\"a\"}|name is required",
            "CREATE with customer id|{\"command_id\":\"c\",\"action\":\"CREATE\",\"ingest_alias\":\"a\",\"name\":\"A\",\"customer_id\":\"x\"}|field \"customer_id\" does not apply to CREATE",
            "no customer reference|{\"command_id\":\"c\",\"action\":\"ARCHIVE\"}|names no customer",
            "both references|{\"command_id\":\"c\",\"action\":\"ARCHIVE\",\"customer_id\":\"x\",\"ingest_alias\":\"a\"}|not both",
            "name of wrong type|{\"command_id\":\"c\",\"action\":\"SET_NAME\",\"customer_id\":\"x\",\"name\":42}|name must be a string, not a number",
            "boolean of wrong type|{\"command_id\":\"c\",\"action\":\"UPDATE_CONFIG\",\"customer_id\":\"x\",\"leave_stripe_invoices_in_draft\":\"yes\"}|must be a boolean",
            "alias list of numbers|{\"command_id\":\"c\",\"action\":\"SET_INGEST_ALIASES\",\"customer_id\":\"x\",\"ingest_aliases\":[1]}|only strings",
            "duplicate alias|{\"command_id\":\"c\",\"action\":\"SET_INGEST_ALIASES\",\"customer_id\":\"x\",\"ingest_aliases\":[\"a\",\"a\"]}|twice",
            "UPDATE_CONFIG without settings|{\"command_id\":\"c\",\"action\":\"UPDATE_CONFIG\",\"customer_id\":\"x\"}|needs salesforce_account_id",
            "preview without events|{\"command_id\":\"c\",\"action\":\"PREVIEW_EVENTS\",\"customer_id\":\"x\",\"preview_events\":[]}|1 to 100 events",
            "preview with bad mode|{\"command_id\":\"c\",\"action\":\"PREVIEW_EVENTS\",\"customer_id\":\"x\",\"preview_events\":[{\"event_type\":\"e\"}],\"preview_mode\":\"add\"}|preview_mode must be",
            "preview event without type|{\"command_id\":\"c\",\"action\":\"PREVIEW_EVENTS\",\"customer_id\":\"x\",\"preview_events\":[{}]}|preview_events[0].event_type is required",
            "billing config not an object|{\"command_id\":\"c\",\"action\":\"CREATE\",\"ingest_alias\":\"a\",\"name\":\"A\",\"billing_config\":\"[1]\"}|billing_config must be a JSON object",
            "field of another action|{\"command_id\":\"c\",\"action\":\"ARCHIVE\",\"customer_id\":\"x\",\"name\":\"A\"}|field \"name\" does not apply to ARCHIVE",
    })
    void rejectsBadInput(String label, String json, String expectedReason) {
        assertThatThrownBy(() -> parser.parse(json))
                .isInstanceOf(CommandRejection.class)
                .hasMessageContaining(expectedReason);
    }

    @Test
    void parsesACreateWithExternalIdAndWithoutIngestAlias() {
        CustomerCommand command = parser.parse("{\"command_id\":\"c\",\"action\":\"CREATE\",\"name\":\"A\","
                + "\"external_id\":\"ext-1\"}");

        assertThat(command).isEqualTo(new CustomerCommand.Create("c", null, "A", List.of(), "ext-1", null, null, null));
        assertThat(command.laneKey()).isEqualTo("command:c");
        assertThat(parser.parse("{\"command_id\":\"d\",\"action\":\"CREATE\",\"name\":\"A\","
                + "\"ingest_aliases\":[\"b\",\"c\"]}")).isInstanceOfSatisfying(CustomerCommand.Create.class, c -> {
                    assertThat(c.ingestAlias()).isNull();
                    assertThat(c.ingestAliases()).containsExactly("b", "c");
                });
    }

    @Test
    void acceptsAnEmptyAliasSet() {
        // the API accepts it: replacing the set with an empty one frees every alias of the customer
        CustomerCommand command = parser.parse("{\"command_id\":\"c\",\"action\":\"SET_INGEST_ALIASES\","
                + "\"customer_id\":\"x\",\"ingest_aliases\":[]}");

        assertThat(command).isEqualTo(new CustomerCommand.SetIngestAliases("c", CustomerRef.byId("x"), List.of()));
    }

    @Test
    void passesNamesOver160CharactersOnForMetronomeToTruncate() {
        String longName = "n".repeat(161);

        assertThat(parser.parse(Map.of("command_id", "c", "action", "SET_NAME", "customer_id", "x", "name", longName)))
                .isEqualTo(new CustomerCommand.SetName("c", CustomerRef.byId("x"), longName));
        assertThat(parser.parse(Map.of("command_id", "c", "action", "CREATE", "ingest_alias", "a", "name", longName)))
                .isInstanceOfSatisfying(CustomerCommand.Create.class, c -> assertThat(c.name()).isEqualTo(longName));
    }

    @Test
    void rejectsBlankNamesAndOverLongAliases() {
        assertThatThrownBy(() -> parser.parse(Map.of("command_id", "c", "action", "SET_NAME", "customer_id", "x",
                "name", " "))).hasMessageContaining("name must not be blank")
                .isInstanceOfSatisfying(CommandRejection.class, r -> {
                    assertThat(r.commandId()).isEqualTo("c");
                    assertThat(r.action()).isEqualTo(CustomerAction.SET_NAME);
                });
        assertThatThrownBy(() -> parser.parse(Map.of("command_id", "c", "action", "SET_INGEST_ALIASES",
                "customer_id", "x", "ingest_aliases", List.of("a".repeat(129)))))
                .hasMessageContaining("alias of 129 characters");
    }

    @Test
    void rejectsTombstonesAndForeignValueTypes() {
        assertThatThrownBy(() -> parser.parse(null)).hasMessageContaining("tombstone");
        assertThatThrownBy(() -> parser.parse(42L)).hasMessageContaining("the record value is a Long");
    }
}
