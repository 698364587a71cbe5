package io.kafkaconnect.metronome.emulator.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** One day's cost bucket; {@code lines} is empty when the customer has no rated metric. */
public record DailyCost(Instant start, Instant end, List<CostLine> lines) {

    public BigDecimal total() {
        return lines.stream().map(CostLine::cost).reduce(BigDecimal.ZERO, BigDecimal::add).stripTrailingZeros();
    }
}
