package io.kafkaconnect.metronome.quickstart.compose;

/** One run of a service's healthcheck: true when it passes (see {@link HealthcheckProbes}). */
@FunctionalInterface
public interface HealthProbe {

    boolean passes() throws Exception;
}
