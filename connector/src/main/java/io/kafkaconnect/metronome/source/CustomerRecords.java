package io.kafkaconnect.metronome.source;

import io.kafkaconnect.metronome.client.model.CustomerDetail;
import io.kafkaconnect.metronome.schema.AvroSchemaConverter;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/** Builds the key and value of a customers record from an API {@link CustomerDetail} (schemas customer_key, customer). */
final class CustomerRecords {

    private final Schema keySchema = AvroSchemaConverter.load("customer_key");
    private final Schema valueSchema = AvroSchemaConverter.load("customer");

    Schema keySchema() {
        return keySchema;
    }

    Schema valueSchema() {
        return valueSchema;
    }

    Struct key(String customerId) {
        return new Struct(keySchema).put("id", customerId);
    }

    Struct value(CustomerDetail customer) {
        Struct value = new Struct(valueSchema)
                .put("id", customer.id())
                .put("name", customer.name() == null ? "" : customer.name())
                .put("external_id", customer.externalId())
                .put("ingest_aliases", customer.ingestAliases() == null ? List.of() : customer.ingestAliases())
                .put("custom_fields", customer.customFields() == null ? Map.of() : customer.customFields())
                .put("created_at", date(customer.createdAt()))
                .put("updated_at", date(customer.updatedAt()))
                .put("archived_at", date(customer.archivedAt()));
        if (customer.customerConfig() != null) {
            Schema schema = valueSchema.field("customer_config").schema();
            value.put("customer_config", new Struct(schema)
                    .put("salesforce_account_id", customer.customerConfig().salesforceAccountId()));
        }
        CustomerDetail.BillableStatus status = customer.currentBillableStatus();
        if (status != null && status.value() != null) {
            Schema schema = valueSchema.field("current_billable_status").schema();
            value.put("current_billable_status", new Struct(schema)
                    .put("value", status.value())
                    .put("effective_at", date(status.effectiveAt())));
        }
        return value;
    }

    static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }
}
