package io.kafkaconnect.metronome.emulator.billing;

import io.kafkaconnect.metronome.emulator.state.CreditType;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One day's cost bucket; {@code lines} is empty when the customer has no rated metric. */
public record DailyCost(Instant start, Instant end, List<CostLine> lines) {

    /** The lines by credit type, credit types in the order their first line comes. */
    public Map<CreditType, List<CostLine>> byCreditType() {
        Map<CreditType, List<CostLine>> grouped = new LinkedHashMap<>();
        for (CostLine line : lines) {
            grouped.computeIfAbsent(line.creditType(), type -> new ArrayList<>()).add(line);
        }
        return grouped;
    }

    public static BigDecimal total(List<CostLine> lines) {
        return lines.stream().map(CostLine::cost).reduce(BigDecimal.ZERO, BigDecimal::add).stripTrailingZeros();
    }
}
