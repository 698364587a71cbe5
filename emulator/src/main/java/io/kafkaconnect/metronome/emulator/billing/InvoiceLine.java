package io.kafkaconnect.metronome.emulator.billing;

import io.kafkaconnect.metronome.emulator.state.StoredBillableMetric;
import io.kafkaconnect.metronome.emulator.state.Rate;

import java.math.BigDecimal;

/**
 * One usage line item of a preview invoice: a rated metric's usage, or one group value's share of it.
 * The metric stands for the line's product; its rate for the plan charge of its single sub line item.
 *
 * @param groupKey   null for an ungrouped line
 * @param groupValue null for an ungrouped line and for usage without the group key's property
 */
public record InvoiceLine(StoredBillableMetric metric, Rate rate, String groupKey, String groupValue, Charge charge) {

    public BigDecimal quantity() {
        return charge.quantity();
    }

    public BigDecimal total() {
        return charge.total();
    }

    /** The flat price per unit; null for a tiered rate, whose tiers say what each unit cost. */
    public BigDecimal unitPrice() {
        return rate.tiered() ? null : rate.price().stripTrailingZeros();
    }
}
