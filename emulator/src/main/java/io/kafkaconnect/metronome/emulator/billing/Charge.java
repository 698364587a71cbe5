package io.kafkaconnect.metronome.emulator.billing;

import io.kafkaconnect.metronome.emulator.state.PriceTier;
import io.kafkaconnect.metronome.emulator.state.Rate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A quantity priced at a rate: the total and, for a tiered rate, what each tier it reached contributed.
 *
 * @param tiers empty for a flat rate
 */
public record Charge(BigDecimal quantity, BigDecimal total, List<TierCharge> tiers) {

    /**
     * The units of one tier: {@code quantity} units from {@code startingAt} on, at {@code price} each.
     */
    public record TierCharge(BigDecimal startingAt, BigDecimal quantity, BigDecimal price, BigDecimal subtotal) {
    }

    public Charge {
        quantity = quantity.stripTrailingZeros();
        total = total.stripTrailingZeros();
        tiers = List.copyOf(tiers);
    }

    /**
     * Prices {@code quantity} exactly. Tiers fill in order, each up to its size, and the last takes whatever is
     * left; the first tier is always listed, so a zero (or negative) quantity shows as that tier's.
     */
    public static Charge of(Rate rate, BigDecimal quantity) {
        if (!rate.tiered()) {
            return new Charge(quantity, quantity.multiply(rate.price()), List.of());
        }
        List<TierCharge> tiers = new ArrayList<>();
        BigDecimal start = BigDecimal.ZERO;
        BigDecimal left = quantity;
        BigDecimal total = BigDecimal.ZERO;
        List<PriceTier> priceTiers = rate.tiers();
        for (int i = 0; i < priceTiers.size() && (i == 0 || left.signum() > 0); i++) {
            PriceTier tier = priceTiers.get(i);
            boolean last = i == priceTiers.size() - 1;
            BigDecimal units = last || left.signum() < 0 ? left : left.min(tier.size());
            BigDecimal subtotal = units.multiply(tier.price());
            tiers.add(new TierCharge(start, units.stripTrailingZeros(), tier.price().stripTrailingZeros(),
                    subtotal.stripTrailingZeros()));
            total = total.add(subtotal);
            left = left.subtract(units);
            if (tier.size() != null) {
                start = start.add(tier.size());
            }
        }
        return new Charge(quantity, total, tiers);
    }
}
