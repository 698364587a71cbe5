package io.kafkaconnect.metronome.emulator.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkaconnect.metronome.emulator.ApiException;
import io.kafkaconnect.metronome.emulator.state.CreditType;
import io.kafkaconnect.metronome.emulator.state.PriceTier;
import io.kafkaconnect.metronome.emulator.state.Rate;
import io.kafkaconnect.metronome.emulator.state.RatePlan;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the body of {@code PUT /_emulator/customers/{id}/rates}:
 * <pre>{@code
 * {"rates": {"<metric id>": 2.5,                                  // flat, USD (cents)
 *            "<metric id>": {"price": 3, "credit_type": "credits"}, // flat, in a custom unit
 *            "<metric id>": {"tiers": [{"size": 100, "price": 1}, {"price": 0.5}]}},
 *  "plan_name": "Pro", "minimum": 100000}
 * }</pre>
 * A credit type is a name (its id derived from it) or {@code {"id", "name"}}; {@code minimum} is in USD cents.
 */
final class RatePlanJson {
    private static final Set<String> PLAN_FIELDS = Set.of("rates", "plan_name", "minimum");
    private static final Set<String> RATE_FIELDS = Set.of("price", "tiers", "credit_type");

    private RatePlanJson() {
    }

    static RatePlan read(JsonNode body) {
        rejectUnknown(body, PLAN_FIELDS, "");
        JsonNode rates = body.get("rates");
        if (rates == null || !rates.isObject()) {
            throw ApiException.badRequest("rates must be an object of billable metric id to price per unit");
        }
        Map<String, Rate> parsed = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = rates.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> rate = fields.next();
            parsed.put(rate.getKey(), rate(rate.getValue(), "rates." + rate.getKey()));
        }
        JsonNode name = body.get("plan_name");
        if (name != null && !name.isNull() && !name.isTextual()) {
            throw ApiException.badRequest("plan_name must be a string");
        }
        BigDecimal minimum = optionalNumber(body, "minimum", "minimum");
        if (minimum != null && minimum.signum() < 0) {
            throw ApiException.badRequest("minimum must not be negative");
        }
        return RatePlan.of(name == null || name.isNull() ? null : name.asText(), parsed, minimum);
    }

    private static Rate rate(JsonNode rate, String where) {
        if (rate.isNumber()) {
            return Rate.flat(rate.decimalValue());
        }
        if (!rate.isObject()) {
            throw ApiException.badRequest(where + " must be a number or an object with price or tiers");
        }
        rejectUnknown(rate, RATE_FIELDS, where + ".");
        CreditType creditType = creditType(rate.get("credit_type"), where + ".credit_type");
        BigDecimal price = optionalNumber(rate, "price", where + ".price");
        JsonNode tiers = rate.get("tiers");
        if ((price == null) == (tiers == null || tiers.isNull())) {
            throw ApiException.badRequest(where + " needs either price or tiers");
        }
        if (price != null) {
            return Rate.flat(price, creditType);
        }
        if (!tiers.isArray() || tiers.isEmpty()) {
            throw ApiException.badRequest(where + ".tiers must be a non-empty array");
        }
        List<PriceTier> parsed = new ArrayList<>();
        for (int i = 0; i < tiers.size(); i++) {
            String tierWhere = where + ".tiers[" + i + "]";
            JsonNode tier = tiers.get(i);
            if (!tier.isObject()) {
                throw ApiException.badRequest(tierWhere + " must be an object with size and price");
            }
            rejectUnknown(tier, Set.of("size", "price"), tierWhere + ".");
            BigDecimal tierPrice = optionalNumber(tier, "price", tierWhere + ".price");
            BigDecimal size = optionalNumber(tier, "size", tierWhere + ".size");
            if (tierPrice == null) {
                throw ApiException.badRequest(tierWhere + ".price is required");
            }
            if (size == null ? i < tiers.size() - 1 : size.signum() <= 0) {
                throw ApiException.badRequest(tierWhere + ".size must be a positive number (only the last tier"
                        + " may have none)");
            }
            parsed.add(new PriceTier(size, tierPrice));
        }
        return Rate.tiered(parsed, creditType);
    }

    private static CreditType creditType(JsonNode json, String where) {
        if (json == null || json.isNull()) {
            return CreditType.USD_CENTS;
        }
        if (json.isTextual() && !json.asText().isBlank()) {
            return CreditType.named(json.asText());
        }
        if (json.isObject() && json.path("id").isTextual() && json.path("name").isTextual()) {
            return new CreditType(json.get("id").asText(), json.get("name").asText());
        }
        throw ApiException.badRequest(where + " must be a name or an object with id and name");
    }

    private static BigDecimal optionalNumber(JsonNode json, String field, String where) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw ApiException.badRequest(where + " must be a number");
        }
        return value.decimalValue();
    }

    private static void rejectUnknown(JsonNode json, Set<String> known, String prefix) {
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw ApiException.badRequest("Unknown field " + prefix + name);
            }
        }
    }
}
