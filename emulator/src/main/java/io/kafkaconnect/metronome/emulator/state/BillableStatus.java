package io.kafkaconnect.metronome.emulator.state;

import java.time.Instant;

/**
 * A customer's {@code current_billable_status}. Neither the seeds nor the SDK say what makes a customer unbillable
 * ("availability is dependent on your client's configuration"), so tests set it through the control API.
 */
public record BillableStatus(boolean billable, Instant effectiveAt) {

    public String value() {
        return billable ? "billable" : "unbillable";
    }
}
