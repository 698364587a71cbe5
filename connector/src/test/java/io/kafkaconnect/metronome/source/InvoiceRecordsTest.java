package io.kafkaconnect.metronome.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaconnect.metronome.client.MetronomeJson;
import io.kafkaconnect.metronome.client.model.Invoice;
import io.kafkaconnect.metronome.schema.DecimalHandlingMode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

/**
 * The invoice and line item records built from both shapes of an invoice: seed 004's example, and the SDK's (where
 * {@code billable_status} is of unknown type and custom field values are not only strings), amounts exact.
 */
class InvoiceRecordsTest {

    @Test
    void seedShapeMapsEveryColumn() throws IOException {
        Invoice invoice = read("seed-004-invoice.json");
        InvoiceRecords records = new InvoiceRecords();

        Struct value = records.value("fallback", invoice);
        value.validate();
        assertThat(records.key(invoice).getString("id")).isEqualTo("182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e");
        assertThat(value.getString("customer_id")).isEqualTo("182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e");
        assertThat(value.getString("status")).isEqualTo("DRAFT, VOID, or FINALIZED");
        assertThat(value.getString("credit_type_name")).isEqualTo("name");
        assertThat(value.getString("billable_status")).isEqualTo("billable");
        assertThat((Date) value.get("issued_at")).isEqualTo(Date.from(invoice.issuedAt()));
        assertThat((BigDecimal) value.get("total")).isEqualTo(new BigDecimal("0E-18"));
        assertThat(value.getInt32("line_item_count")).isEqualTo(1);
        assertThat(value.getArray("invoice_adjustments")).singleElement()
                .satisfies(a -> assertThat(((Struct) a).getString("name")).isEqualTo("Monthly minimum ($1,000)"));
        assertThat(value.getMap("custom_fields")).isEqualTo(Map.of("foo", "bar"));
        assertThat(value.getString("plan_name")).isEqualTo("plan_name");

        List<InvoiceRecords.LineItem> lines = records.lineItems("fallback", invoice);
        assertThat(lines).singleElement().satisfies(line -> {
            line.value().validate();
            assertThat(line.key().getString("invoice_id")).isEqualTo(invoice.id());
            assertThat(line.key().getInt32("line_index")).isZero();
            assertThat(line.value().getString("name")).isEqualTo("name");
            assertThat(line.value().getString("group_key")).isEqualTo("group_key");
            assertThat(line.value().getString("product_id")).isEqualTo("182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e");
            assertThat(line.value().getMap("presentation_group_values")).isEqualTo(Map.of("foo", "string"));
            assertThat(line.value().getBoolean("is_prorated")).isTrue();
        });
    }

    @Test
    void sdkShapeAndExactAmountsInEveryDecimalMode() throws IOException {
        Invoice invoice = read("sdk-invoice.json");
        assertThat(invoice.total().toPlainString()).isEqualTo("1234.567890123456789");

        Struct precise = new InvoiceRecords().value("c", invoice);
        assertThat(((BigDecimal) precise.get("total")).toPlainString()).isEqualTo("1234.567890123456789000");
        assertThat(precise.getString("billable_status")).isEqualTo("{\"value\":\"billable\"}");
        assertThat(precise.getMap("custom_fields")).isEqualTo(Map.of("po", "PO-1", "seats", "12", "flag", "true"));
        Struct line = new InvoiceRecords().lineItems("c", invoice).get(0).value();
        assertThat(((BigDecimal) line.get("quantity")).toPlainString()).isEqualTo("0.300000000000000030");

        InvoiceRecords asText = new InvoiceRecords(DecimalHandlingMode.STRING);
        assertThat(asText.value("c", invoice).getString("total")).isEqualTo("1234.567890123456789");
        assertThat(asText.lineItems("c", invoice).get(0).value().getString("quantity"))
                .isEqualTo("0.30000000000000003");
    }

    @Test
    void aLineItemWithoutCreditTypeHasTheInvoicesAndAbsentAmountsAreNullOrZero() throws IOException {
        Invoice read = read("seed-004-invoice.json");
        Invoice.LineItem bare = new Invoice.LineItem(null, "calls", null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null);
        Invoice invoice = new Invoice(read.id(), null, read.creditType(), "FINALIZED", "USAGE", null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, List.of(bare));
        Struct value = new InvoiceRecords().value("listed-for", invoice);
        value.validate();
        assertThat(value.getString("customer_id")).isEqualTo("listed-for");
        assertThat(((BigDecimal) value.get("total")).signum()).isZero();
        assertThat(value.get("subtotal")).isNull();
        Struct line = new InvoiceRecords().lineItems("listed-for", invoice).get(0).value();
        line.validate();
        assertThat(line.getString("credit_type_id")).isEqualTo(read.creditType().id());
        assertThat(line.get("quantity")).isNull();
        assertThat(line.getString("invoice_status")).isEqualTo("FINALIZED");
    }

    private static Invoice read(String name) throws IOException {
        try (InputStream in = InvoiceRecordsTest.class.getResourceAsStream("/invoices/" + name)) {
            return MetronomeJson.MAPPER.readValue(in, Invoice.class);
        }
    }
}
