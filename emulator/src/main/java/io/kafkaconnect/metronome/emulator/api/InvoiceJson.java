package io.kafkaconnect.metronome.emulator.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkaconnect.metronome.emulator.billing.InvoiceLine;
import io.kafkaconnect.metronome.emulator.billing.InvoicePreview;
import io.kafkaconnect.metronome.emulator.http.JsonCodec;

/** The wire shape of a draft usage invoice, with the field names of seed 004. */
final class InvoiceJson {
    private InvoiceJson() {
    }

    static ObjectNode invoice(InvoicePreview preview) {
        ObjectNode json = JsonCodec.MAPPER.createObjectNode();
        json.put("id", preview.id());
        json.put("customer_id", preview.customerId());
        json.set("credit_type", CreditTypes.usdCents());
        json.put("status", "DRAFT");
        json.put("type", "USAGE");
        json.put("start_timestamp", preview.start().toString());
        json.put("end_timestamp", preview.end().toString());
        json.put("total", preview.total());
        json.put("subtotal", preview.total());
        ArrayNode lines = json.putArray("line_items");
        for (InvoiceLine line : preview.lines()) {
            ObjectNode item = lines.addObject();
            item.put("name", line.name());
            item.set("credit_type", CreditTypes.usdCents());
            item.put("quantity", line.quantity());
            item.put("unit_price", line.unitPrice());
            item.put("total", line.total());
            item.put("product_id", line.metricId());
            item.put("starting_at", preview.start().toString());
            item.put("ending_before", preview.end().toString());
            item.putArray("sub_line_items");
        }
        json.putArray("invoice_adjustments");
        json.putNull("external_invoice");
        return json;
    }
}
