package io.kafkaconnect.metronome.emulator.state;

/** How a billable metric turns matching events into a quantity. */
public enum AggregationType {
    COUNT, SUM, MAX, UNIQUE, LATEST
}
