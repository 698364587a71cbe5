package io.kafkaconnect.metronome.emulator.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkaconnect.metronome.emulator.billing.Charge;
import io.kafkaconnect.metronome.emulator.billing.CustomerInvoice;
import io.kafkaconnect.metronome.emulator.billing.InvoiceAdjustment;
import io.kafkaconnect.metronome.emulator.billing.InvoiceLine;
import io.kafkaconnect.metronome.emulator.billing.InvoicePreview;
import io.kafkaconnect.metronome.emulator.billing.InvoiceStatus;
import io.kafkaconnect.metronome.emulator.http.JsonCodec;

import java.util.Map;

/**
 * The wire shape of a usage invoice (a preview's draft, or one of a customer's monthly invoices): every field of
 * seed 004's {@code Invoice}, in its order. What a usage-only plan has no part in (contracts, commits, discounts,
 * NetSuite, Salesforce, resellers, corrections, external invoices) is null, an empty object or an empty array; a line
 * item also has the SDK's {@code type}.
 */
final class InvoiceJson {
    private InvoiceJson() {
    }

    /** A preview: always a draft. */
    static ObjectNode invoice(InvoicePreview preview) {
        return invoice(preview, InvoiceStatus.DRAFT);
    }

    /** One of the customer's monthly invoices, with its status. */
    static ObjectNode invoice(CustomerInvoice invoice) {
        return invoice(invoice.content(), invoice.status());
    }

    private static ObjectNode invoice(InvoicePreview preview, InvoiceStatus status) {
        ObjectNode json = JsonCodec.MAPPER.createObjectNode();
        json.put("id", preview.id());
        json.set("credit_type", CreditTypes.json(preview.creditType()));
        json.put("customer_id", preview.customer().id());
        ArrayNode lines = json.putArray("line_items");
        for (InvoiceLine line : preview.lines()) {
            lines.add(lineItem(preview, line));
        }
        json.put("status", status.name());
        json.put("total", preview.total());
        json.put("type", "USAGE");
        json.putNull("amendment_id");
        json.put("billable_status", "billable");
        json.putObject("contract_custom_fields");
        json.putNull("contract_id");
        json.putNull("correction_record");
        json.putNull("created_at"); // correction invoices only
        json.putObject("custom_fields");
        strings(json.putObject("customer_custom_fields"), preview.customer().customFields());
        json.put("end_timestamp", preview.end().toString());
        json.putNull("external_invoice");
        ArrayNode adjustments = json.putArray("invoice_adjustments");
        for (InvoiceAdjustment adjustment : preview.adjustments()) {
            ObjectNode item = adjustments.addObject();
            item.set("credit_type", CreditTypes.json(preview.creditType()));
            item.put("name", adjustment.name());
            item.put("total", adjustment.total());
            item.putObject("credit_grant_custom_fields");
            item.putNull("credit_grant_id");
        }
        json.put("issued_at", preview.end().toString()); // issued when the period ends; a draft on the day it will be
        json.put("net_payment_terms_days", 0);
        json.putNull("netsuite_sales_order_id");
        json.putObject("plan_custom_fields");
        json.put("plan_id", preview.plan() == null ? null : preview.plan().id());
        json.put("plan_name", preview.plan() == null ? null : preview.plan().name());
        json.putNull("reseller_royalty");
        json.putNull("salesforce_opportunity_id");
        json.put("start_timestamp", preview.start().toString());
        json.put("subtotal", preview.subtotal());
        return json;
    }

    private static ObjectNode lineItem(InvoicePreview preview, InvoiceLine line) {
        ObjectNode item = JsonCodec.MAPPER.createObjectNode();
        item.set("credit_type", CreditTypes.json(line.rate().creditType()));
        item.put("name", line.metric().name());
        item.put("total", line.total());
        item.put("type", "usage");
        item.putNull("applied_commit_or_credit");
        item.putObject("commit_custom_fields");
        item.putNull("commit_id");
        item.putNull("commit_netsuite_item_id");
        item.putNull("commit_netsuite_sales_order_id");
        item.putNull("commit_segment_id");
        item.putNull("commit_type");
        item.putObject("custom_fields");
        item.putObject("discount_custom_fields");
        item.putNull("discount_id");
        item.put("ending_before", preview.end().toString());
        item.put("group_key", line.groupKey());
        item.put("group_value", line.groupValue());
        item.put("is_prorated", false);
        item.putNull("list_price"); // contract invoices only
        item.putNull("metadata");
        item.putNull("netsuite_invoice_billing_end");
        item.putNull("netsuite_invoice_billing_start");
        item.putNull("netsuite_item_id");
        item.putNull("postpaid_commit");
        ObjectNode presentation = item.putObject("presentation_group_values");
        if (line.groupKey() != null) {
            presentation.put(line.groupKey(), line.groupValue());
        }
        item.putObject("pricing_group_values");
        strings(item.putObject("product_custom_fields"), line.metric().customFields());
        item.put("product_id", line.metric().id());
        item.putArray("product_tags");
        item.put("product_type", "UsageProductListItem");
        item.putObject("professional_service_custom_fields");
        item.putNull("professional_service_id");
        item.put("quantity", line.quantity());
        item.putNull("reseller_type");
        item.putObject("scheduled_charge_custom_fields");
        item.putNull("scheduled_charge_id");
        item.put("starting_at", preview.start().toString());
        item.putArray("sub_line_items").add(subLineItem(preview, line));
        item.putObject("subscription_custom_fields");
        item.putNull("subscription_id");
        item.putNull("tier"); // contract invoices split tiers into line items; plans list them in sub line items
        item.put("unit_price", line.unitPrice());
        return item;
    }

    /** The plan charge behind the line: its price when flat (and used), its tiers and tier period when tiered. */
    private static ObjectNode subLineItem(InvoicePreview preview, InvoiceLine line) {
        ObjectNode sub = JsonCodec.MAPPER.createObjectNode();
        sub.putObject("custom_fields");
        sub.put("name", line.metric().name());
        sub.put("quantity", line.quantity());
        sub.put("subtotal", line.total());
        sub.put("charge_id", line.rate().chargeId());
        sub.putNull("credit_grant_id");
        sub.putNull("end_date"); // seat charges only
        sub.put("price", line.rate().tiered() || line.quantity().signum() == 0 ? null : line.unitPrice());
        sub.putNull("start_date");
        if (line.rate().tiered()) {
            ObjectNode period = sub.putObject("tier_period");
            period.put("starting_at", preview.start().toString());
            period.put("ending_before", preview.end().toString());
        } else {
            sub.putNull("tier_period");
        }
        ArrayNode tiers = sub.putArray("tiers");
        for (Charge.TierCharge tier : line.charge().tiers()) {
            ObjectNode json = tiers.addObject();
            json.put("price", tier.price());
            json.put("quantity", tier.quantity());
            json.put("starting_at", tier.startingAt());
            json.put("subtotal", tier.subtotal());
        }
        return sub;
    }

    private static void strings(ObjectNode target, Map<String, String> values) {
        if (values != null) {
            values.forEach(target::put);
        }
    }
}
