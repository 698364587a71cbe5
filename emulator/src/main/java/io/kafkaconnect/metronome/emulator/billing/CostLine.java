package io.kafkaconnect.metronome.emulator.billing;

import io.kafkaconnect.metronome.emulator.state.CreditType;

import java.math.BigDecimal;

/** One line_item_breakdown entry, in its rate's credit type; {@code groupKey} is null for an ungrouped metric. */
public record CostLine(String name, CreditType creditType, BigDecimal cost, String groupKey, String groupValue) {
    public CostLine {
        cost = cost.stripTrailingZeros();
    }
}
