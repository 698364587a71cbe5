package io.kafkaconnect.metronome.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.apicurio.registry.utils.converter.avro.AvroData;
import io.apicurio.registry.utils.converter.avro.AvroDataConfig;
import io.kafkaconnect.metronome.testkit.SchemaFiles;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

/**
 * Without a registry: every {@code schemas/*.avsc}, turned into the Connect schema the connectors write
 * ({@link AvroSchemaConverter}, default settings), and back into Avro by the converter's own {@code AvroData} (the
 * code that registers it), is the file again. {@code RegisteredSchemasIT} does the same through a real registry.
 */
class SchemaFilesAvroDataTest {

    @Test
    void everySchemaFileSurvivesTheConverterUnchanged() {
        List<String> names = SchemaFiles.names();
        assertThat(names).contains("customer", "customer_key", "daily_cost", "daily_cost_key", "billable_metric",
                "billable_metric_key", "command_result", "customer_command", "cost_line_item", "cost_line_item_key",
                "invoice", "invoice_key", "invoice_line_item", "invoice_line_item_key");
        for (String name : names) {
            Schema connect = AvroSchemaConverter.load(name);
            SchemaFiles.assertSameAsFile(name, avroData(name).fromConnectSchema(connect).toString());
        }
    }

    /**
     * The converter's AvroData as the writer of that schema runs it: default settings for what the connectors write;
     * for {@code customer_command} (the sink's input, with an Avro enum, written by the users' producers) a
     * Connect-based producer needs {@code enhanced.avro.schema.support=true} to keep the enum.
     */
    static AvroData avroData(String name) {
        return new AvroData(new AvroDataConfig(Map.of(AvroDataConfig.ENHANCED_AVRO_SCHEMA_SUPPORT_CONFIG,
                SchemaFiles.WRITTEN_BY_USERS.contains(name))));
    }

    @Test
    void theCheckNoticesADifference() {
        AvroData avroData = new AvroData(100);
        Schema optionalId = SchemaBuilder.struct().name("io.kafkaconnect.metronome.avro.CustomerKey")
                .field("id", SchemaBuilder.string().optional().build()).build();
        assertThatThrownBy(() -> SchemaFiles.assertSameAsFile("customer_key",
                avroData.fromConnectSchema(optionalId).toString()))
                .isInstanceOf(AssertionError.class).hasMessageContaining("differs from the file");
    }
}
