package io.kafkaconnect.metronome.source;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkaconnect.metronome.client.MetronomeJson;
import io.kafkaconnect.metronome.client.model.Invoice;
import io.kafkaconnect.metronome.schema.AvroSchemaConverter;
import io.kafkaconnect.metronome.schema.DecimalHandlingMode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Builds the key and value of an invoices record (schemas invoice_key, invoice) and the flat records of its line
 * items, one per line item keyed by invoice id and position (schemas invoice_line_item_key, invoice_line_item).
 * Every amount is the exact {@link BigDecimal} Metronome sent, written per {@link DecimalHandlingMode}.
 */
final class InvoiceRecords {

    private final Schema keySchema = AvroSchemaConverter.load("invoice_key");
    private final Schema valueSchema;
    private final Schema adjustmentSchema;
    private final Schema lineItemKeySchema = AvroSchemaConverter.load("invoice_line_item_key");
    private final Schema lineItemValueSchema;

    InvoiceRecords() {
        this(DecimalHandlingMode.PRECISE);
    }

    InvoiceRecords(DecimalHandlingMode mode) {
        valueSchema = AvroSchemaConverter.load("invoice", mode);
        adjustmentSchema = valueSchema.field("invoice_adjustments").schema().valueSchema();
        lineItemValueSchema = AvroSchemaConverter.load("invoice_line_item", mode);
    }

    Schema keySchema() {
        return keySchema;
    }

    Schema valueSchema() {
        return valueSchema;
    }

    Schema lineItemKeySchema() {
        return lineItemKeySchema;
    }

    Schema lineItemValueSchema() {
        return lineItemValueSchema;
    }

    Struct key(Invoice invoice) {
        return new Struct(keySchema).put("id", invoice.id());
    }

    /** {@code customerId} is the customer whose invoices were listed, should the invoice not name it. */
    Struct value(String customerId, Invoice invoice) {
        Invoice.CreditType credit = creditType(invoice.creditType());
        return new Struct(valueSchema)
                .put("id", invoice.id())
                .put("customer_id", invoice.customerId() == null ? customerId : invoice.customerId())
                .put("status", orEmpty(invoice.status()))
                .put("type", invoice.type())
                .put("credit_type_id", credit.id())
                .put("credit_type_name", credit.name())
                .put("start_timestamp", CustomerRecords.date(invoice.startTimestamp()))
                .put("end_timestamp", CustomerRecords.date(invoice.endTimestamp()))
                .put("issued_at", CustomerRecords.date(invoice.issuedAt()))
                .put("created_at", CustomerRecords.date(invoice.createdAt()))
                .put("total", money(valueSchema, "total", orZero(invoice.total())))
                .put("subtotal", money(valueSchema, "subtotal", invoice.subtotal()))
                .put("invoice_adjustments", invoice.invoiceAdjustments().stream()
                        .map(adjustment -> new Struct(adjustmentSchema)
                                .put("name", orEmpty(adjustment.name()))
                                .put("total", money(adjustmentSchema, "total", orZero(adjustment.total())))
                                .put("credit_type_id", adjustment.creditType() == null ? null
                                        : adjustment.creditType().id())
                                .put("credit_grant_id", adjustment.creditGrantId()))
                        .toList())
                .put("line_item_count", invoice.lineItems().size())
                .put("plan_id", invoice.planId())
                .put("plan_name", invoice.planName())
                .put("contract_id", invoice.contractId())
                .put("amendment_id", invoice.amendmentId())
                .put("billable_status", text(invoice.billableStatus()))
                .put("custom_fields", strings(invoice.customFields()))
                .put("customer_custom_fields", strings(invoice.customerCustomFields()))
                .put("plan_custom_fields", strings(invoice.planCustomFields()))
                .put("contract_custom_fields", strings(invoice.contractCustomFields()));
    }

    /** A key and value of the invoice line items topic. */
    record LineItem(Struct key, Struct value) {
    }

    /** The invoice's line items in Metronome's order, {@code line_index} 0, 1, ...; a line without a credit type has the invoice's. */
    List<LineItem> lineItems(String customerId, Invoice invoice) {
        Invoice.CreditType invoiceCredit = creditType(invoice.creditType());
        List<LineItem> out = new ArrayList<>(invoice.lineItems().size());
        int index = 0;
        for (Invoice.LineItem item : invoice.lineItems()) {
            Invoice.CreditType credit = item.creditType() == null || item.creditType().id() == null
                    ? invoiceCredit : item.creditType();
            Struct key = new Struct(lineItemKeySchema).put("invoice_id", invoice.id()).put("line_index", index);
            Struct value = new Struct(lineItemValueSchema)
                    .put("invoice_id", invoice.id())
                    .put("line_index", index)
                    .put("customer_id", invoice.customerId() == null ? customerId : invoice.customerId())
                    .put("invoice_status", orEmpty(invoice.status()))
                    .put("credit_type_id", credit.id())
                    .put("credit_type_name", credit.name())
                    .put("name", orEmpty(item.name()))
                    .put("type", item.type())
                    .put("product_id", item.productId())
                    .put("product_type", item.productType())
                    .put("group_key", item.groupKey())
                    .put("group_value", item.groupValue())
                    .put("quantity", money(lineItemValueSchema, "quantity", item.quantity()))
                    .put("unit_price", money(lineItemValueSchema, "unit_price", item.unitPrice()))
                    .put("total", money(lineItemValueSchema, "total", orZero(item.total())))
                    .put("starting_at", CustomerRecords.date(item.startingAt()))
                    .put("ending_before", CustomerRecords.date(item.endingBefore()))
                    .put("is_prorated", item.isProrated())
                    .put("commit_id", item.commitId())
                    .put("presentation_group_values", strings(item.presentationGroupValues()))
                    .put("pricing_group_values", strings(item.pricingGroupValues()))
                    .put("custom_fields", strings(item.customFields()))
                    .put("product_custom_fields", strings(item.productCustomFields()));
            out.add(new LineItem(key, value));
            index++;
        }
        return out;
    }

    private static Invoice.CreditType creditType(Invoice.CreditType credit) {
        return new Invoice.CreditType(credit == null || credit.id() == null ? "" : credit.id(),
                credit == null ? null : credit.name());
    }

    /** A JSON map as strings: text values as they are, other values as JSON text, nulls left out. */
    private static Map<String, String> strings(Map<String, JsonNode> values) {
        Map<String, String> out = new LinkedHashMap<>();
        if (values != null) {
            values.forEach((key, value) -> {
                String text = text(value);
                if (text != null) {
                    out.put(key, text);
                }
            });
        }
        return out;
    }

    private static String text(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        return value.isTextual() ? value.asText() : MetronomeJson.canonicalText(value);
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    private static BigDecimal orZero(BigDecimal amount) {
        return amount == null ? BigDecimal.ZERO : amount;
    }

    /** The exact amount in the field's decimal handling mode; null stays null (optional fields only). */
    private static Object money(Schema schema, String field, BigDecimal amount) {
        return DecimalHandlingMode.toConnect(schema.field(field).schema(), amount);
    }
}
