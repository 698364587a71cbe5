package io.kafkaconnect.metronome.emulator.billing;

import java.math.BigDecimal;

/** One line_item_breakdown entry; {@code groupKey} is null for an ungrouped metric. */
public record CostLine(String name, BigDecimal cost, String groupKey, String groupValue) {
    public CostLine {
        cost = cost.stripTrailingZeros();
    }
}
