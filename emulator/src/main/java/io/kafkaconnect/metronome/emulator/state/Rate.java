package io.kafkaconnect.metronome.emulator.state;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * The price of one billable metric on a plan: a flat price per unit or a list of tiers, in one credit type.
 *
 * @param chargeId the plan charge this rate is (the {@code charge_id} of invoice sub line items)
 * @param price    the flat price per unit; null for a tiered rate
 * @param tiers    empty for a flat rate; otherwise only the last tier has no size
 */
public record Rate(String chargeId, CreditType creditType, BigDecimal price, List<PriceTier> tiers) {
    public Rate {
        Objects.requireNonNull(chargeId, "chargeId");
        Objects.requireNonNull(creditType, "creditType");
        tiers = List.copyOf(tiers);
        if ((price == null) == tiers.isEmpty()) {
            throw new IllegalArgumentException("a rate has either a price or tiers");
        }
        for (int i = 0; i < tiers.size() - 1; i++) {
            if (tiers.get(i).size() == null) {
                throw new IllegalArgumentException("only the last tier may have no size");
            }
        }
    }

    public static Rate flat(BigDecimal price, CreditType creditType) {
        return new Rate(IdGenerator.newId(), creditType, Objects.requireNonNull(price, "price"), List.of());
    }

    public static Rate flat(BigDecimal price) {
        return flat(price, CreditType.USD_CENTS);
    }

    public static Rate tiered(List<PriceTier> tiers, CreditType creditType) {
        if (tiers.isEmpty()) {
            throw new IllegalArgumentException("a tiered rate needs at least one tier");
        }
        return new Rate(IdGenerator.newId(), creditType, null, tiers);
    }

    public boolean tiered() {
        return price == null;
    }
}
