package io.kafkaconnect.metronome.emulator.state;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One tier of a tiered rate: {@code size} units at {@code price} each, after the units of the tiers before it.
 *
 * @param size null for the last tier, which has no end
 */
public record PriceTier(BigDecimal size, BigDecimal price) {
    public PriceTier {
        Objects.requireNonNull(price, "price");
        if (size != null && size.signum() <= 0) {
            throw new IllegalArgumentException("a tier's size must be positive, not " + size.toPlainString());
        }
    }
}
