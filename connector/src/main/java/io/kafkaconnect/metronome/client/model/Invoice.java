package io.kafkaconnect.metronome.client.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A customer's invoice ({@code GET /v1/customers/{id}/invoices[/{invoice_id}]}): the fields of seed 004's
 * {@code Invoice} the source writes. Amounts are exact ({@link BigDecimal}). Where the seed and the SDK differ in a
 * field's type ({@code billable_status}: a string in the seed, {@code unknown} in the SDK; {@code custom_fields}:
 * values of any type) the field is read as JSON, so both shapes are accepted.
 */
public record Invoice(
        String id,
        String customerId,
        CreditType creditType,
        String status,
        String type,
        BigDecimal total,
        BigDecimal subtotal,
        Instant startTimestamp,
        Instant endTimestamp,
        Instant issuedAt,
        Instant createdAt,
        String planId,
        String planName,
        String contractId,
        String amendmentId,
        JsonNode billableStatus,
        Map<String, JsonNode> customFields,
        Map<String, JsonNode> customerCustomFields,
        Map<String, JsonNode> planCustomFields,
        Map<String, JsonNode> contractCustomFields,
        List<Adjustment> invoiceAdjustments,
        List<LineItem> lineItems) {

    public static final String DRAFT = "DRAFT";
    public static final String FINALIZED = "FINALIZED";
    public static final String VOID = "VOID";

    public Invoice {
        invoiceAdjustments = invoiceAdjustments == null ? List.of() : invoiceAdjustments;
        lineItems = lineItems == null ? List.of() : lineItems;
    }

    /** A draft: its content may still change (usage arrives until its period ends). */
    public boolean isDraft() {
        return DRAFT.equals(status);
    }

    public record CreditType(String id, String name) {
    }

    public record Adjustment(CreditType creditType, String name, BigDecimal total, String creditGrantId) {
    }

    /** One line item; {@code subLineItems}, tiers and contract-only fields are not read. */
    public record LineItem(
            CreditType creditType,
            String name,
            String type,
            BigDecimal total,
            BigDecimal quantity,
            BigDecimal unitPrice,
            String productId,
            String productType,
            String groupKey,
            String groupValue,
            Instant startingAt,
            Instant endingBefore,
            Boolean isProrated,
            String commitId,
            Map<String, JsonNode> presentationGroupValues,
            Map<String, JsonNode> pricingGroupValues,
            Map<String, JsonNode> customFields,
            Map<String, JsonNode> productCustomFields) {
    }
}
