package io.kafkaconnect.metronome.quickstart.compose;

import io.kafkaconnect.metronome.processes.JavaProcess;

/**
 * A service as the emulation runs it: one process.
 *
 * @param rootPath where the stand-in serves what the image serves at its HTTP root ("" but for the schema
 *                 registry: Apicurio serves Confluent's API below {@code /apis/ccompat/v7})
 */
public record RunningService(String name, JavaProcess process, String rootPath) implements AutoCloseable {

    public RunningService(String name, JavaProcess process) {
        this(name, process, "");
    }

    @Override
    public void close() {
        process.close();
    }
}
