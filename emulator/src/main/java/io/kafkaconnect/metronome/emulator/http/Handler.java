package io.kafkaconnect.metronome.emulator.http;

/** Serves one route. Throws {@link io.kafkaconnect.metronome.emulator.ApiException} to answer an error. */
@FunctionalInterface
public interface Handler {
    ApiResponse handle(EmulatorRequest request);
}
