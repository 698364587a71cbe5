package io.kafkaconnect.metronome.testkit;

import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * An Apicurio Registry and a Connect cluster whose workers write Avro in Confluent wire format against it, with a
 * decoder for what they write: what the source ITs start once per class, and stop in reverse order.
 */
public final class AvroConnectCluster implements AutoCloseable {

    private final ApicurioRegistryServer registry;
    private final EmbeddedConnectCluster cluster;
    private final RegistryAvroDecoder decoder;

    private AvroConnectCluster(ApicurioRegistryServer registry, EmbeddedConnectCluster cluster) {
        this.registry = registry;
        this.cluster = cluster;
        this.decoder = new RegistryAvroDecoder(registry.ccompatUrl());
    }

    public static AvroConnectCluster start(String name) {
        ApicurioRegistryServer registry = ApicurioRegistryServer.start();
        try {
            return new AvroConnectCluster(registry,
                    ConnectTestClusters.builder().name(name).avroConverters(registry).start());
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    public ApicurioRegistryServer registry() {
        return registry;
    }

    public EmbeddedConnectCluster cluster() {
        return cluster;
    }

    public RegistryAvroDecoder decoder() {
        return decoder;
    }

    @Override
    public void close() {
        try {
            cluster.stop();
        } finally {
            registry.close();
        }
    }
}
