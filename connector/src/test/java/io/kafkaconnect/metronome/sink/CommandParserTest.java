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
import org.junit.jupiter.params.provider.MethodSource;

class CommandParserTest {

    private final CommandParser parser = new CommandParser();

    @Test
    void parsesACreateFromJsonText() {
        CustomerCommand command = parser.parse("""
                {"command_id":"c1","action":"CREATE","ingest_alias":"acme","name":"Acme",
                 "ingest_aliases":["acme","acme-2"],"custom_fields":{"tier":"gold"},
                 "billing_config":{"billing_provider_type":"stripe","billing_provider_customer_id":"cus_1"},
                 "customer_billing_provider_configurations":"[{\\"billing_provider\\":\\"stripe\\",\\"delivery_method\\":\\"direct_to_billing_provider\\"}]"}""");

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

    /** Every class of bad input the parser refuses (the catalogue's), with a reason that names the problem. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.kafkaconnect.metronome.sink.BadCommands#refusedByTheParser")
    void rejectsBadInput(BadCommands.BadCommand bad) {
        assertThatThrownBy(() -> parser.parse(bad.key(), bad.value()))
                .isInstanceOf(CommandRejection.class)
                .hasMessageContaining(bad.reason());
    }

    /** What only Metronome can refuse (unknown customers, aliases in use) parses: the parser must not guess. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.kafkaconnect.metronome.sink.BadCommands#refusedByMetronome")
    void leavesToMetronomeWhatOnlyItCanRefuse(BadCommands.BadCommand bad) {
        assertThat(parser.parse(bad.key(), bad.value())).isNotNull();
    }

    @Test
    void theCatalogueHasDistinctLabelsAndCommandIds() {
        List<BadCommands.BadCommand> all = BadCommands.all();
        assertThat(all.stream().map(BadCommands.BadCommand::label)).doesNotHaveDuplicates();
        assertThat(all.stream().filter(c -> c.value() instanceof String).map(c -> (String) c.value())
                .filter(v -> v.contains("\"command_id\":\"b-")).map(v -> v.substring(0, v.indexOf(',')))).doesNotHaveDuplicates();
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
    void aRejectionCarriesTheCommandIdAndActionWhenItHasThem() {
        assertThatThrownBy(() -> parser.parse(Map.of("command_id", "c", "action", "SET_NAME", "customer_id", "x",
                "name", " "))).hasMessageContaining("name must not be blank")
                .isInstanceOfSatisfying(CommandRejection.class, r -> {
                    assertThat(r.commandId()).isEqualTo("c");
                    assertThat(r.action()).isEqualTo(CustomerAction.SET_NAME);
                });
        assertThatThrownBy(() -> parser.parse("acme", Map.of("command_id", "k", "action", "ARCHIVE", "customer_id", "x")))
                .isInstanceOfSatisfying(CommandRejection.class, r -> {
                    assertThat(r.commandId()).isEqualTo("k");
                    assertThat(r.action()).isEqualTo(CustomerAction.ARCHIVE);
                });
    }

    /** Lengths are characters as Metronome counts them (code points): 128 emoji are 256 UTF-16 units. */
    @Test
    void acceptsAliasesAndExternalIdsOf128CharactersWhateverTheirEncoding() {
        String emoji128 = "\uD83D\uDE00".repeat(128);

        assertThat(parser.parse(emoji128, Map.of("command_id", "c", "action", "CREATE", "ingest_alias", emoji128,
                "name", "A", "external_id", emoji128))).isInstanceOfSatisfying(CustomerCommand.Create.class, c -> {
                    assertThat(c.ingestAliases()).containsExactly(emoji128);
                    assertThat(c.externalId()).isEqualTo(emoji128);
                });
    }

    @Test
    void acceptsTheBillingShapesMetronomeDocuments() {
        CustomerCommand command = parser.parse("a", Map.of("command_id", "c", "action", "CREATE", "ingest_alias", "a",
                "name", "A", "billing_config", Map.of("billing_provider_type", "aws_marketplace",
                        "billing_provider_customer_id", "aws-1", "aws_region", "eu-west-1",
                        "aws_is_subscription_product", true, "aws_product_code", "p"),
                "customer_billing_provider_configurations", List.of(
                        Map.of("billing_provider", "stripe", "delivery_method", "direct_to_billing_provider",
                                "configuration", Map.of("stripe_customer_id", "cus_123",
                                        "stripe_collection_method", "charge_automatically")),
                        Map.of("billing_provider", "azure_marketplace", "delivery_method_id", "5b9e3072"))));

        assertThat(command).isInstanceOfSatisfying(CustomerCommand.Create.class, c -> {
            assertThat(c.billingConfig().path("aws_region").asText()).isEqualTo("eu-west-1");
            assertThat(c.billingProviderConfigurations()).hasSize(2);
        });
    }

    @Test
    void acceptsRfc3339TimestampsWithAnOffsetAndTransactionIdsOf128Characters() {
        CustomerCommand command = parser.parse(Map.of("command_id", "c", "action", "PREVIEW_EVENTS", "customer_id", "x",
                "preview_events", List.of(
                        Map.of("event_type", "e", "timestamp", "2024-05-01T12:00:00.123+02:00",
                                "transaction_id", "t".repeat(128)),
                        Map.of("event_type", "e", "timestamp", "2024-05-01T10:00:00Z"))));

        assertThat(command).isInstanceOfSatisfying(CustomerCommand.PreviewEvents.class, p -> assertThat(p.events())
                .extracting(e -> e.timestamp()).containsExactly("2024-05-01T12:00:00.123+02:00", "2024-05-01T10:00:00Z"));
    }

    /** The key must be the reference the value uses (see CommandKey); what cannot be compared is let through. */
    @Test
    void acceptsKeysThatAreTheCustomerReferenceAndKeysItCannotCompare() {
        Map<String, Object> byId = Map.of("command_id", "c", "action", "ARCHIVE", "customer_id", "cust-1");
        Map<String, Object> byAlias = Map.of("command_id", "c", "action", "ARCHIVE", "ingest_alias", "acme");
        Map<String, Object> createWithoutAlias = Map.of("command_id", "c", "action", "CREATE", "name", "N");

        assertThat(parser.parse("cust-1", byId)).isEqualTo(new CustomerCommand.Archive("c", CustomerRef.byId("cust-1")));
        assertThat(parser.parse("acme".getBytes(StandardCharsets.UTF_8), byAlias))
                .isEqualTo(new CustomerCommand.Archive("c", CustomerRef.byAlias("acme")));
        assertThat(parser.parse(null, byAlias)).isNotNull();
        assertThat(parser.parse(42L, byAlias)).isNotNull();
        assertThat(parser.parse("anything", createWithoutAlias)).isNotNull();
        assertThatThrownBy(() -> parser.parse("acme", byId))
                .hasMessageContaining("the record key \"acme\" is not the command's customer_id \"cust-1\"");
    }
}
