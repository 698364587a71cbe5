package io.kafkaconnect.metronome.testkit;

import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An Apicurio Registry and a Connect cluster whose workers write Avro in Confluent wire format against it, with a
 * decoder for what they write: what the source ITs start once per class, as a JUnit extension (started before the
 * class's {@code @BeforeAll} methods, stopped in reverse order after its {@code @AfterAll} methods):
 * <pre>{@code
 * @RegisterExtension
 * static final AvroConnectCluster AVRO = new AvroConnectCluster("customers-it");
 * }</pre>
 */
public final class AvroConnectCluster implements BeforeAllCallback, AfterAllCallback {

    private final String name;
    private ApicurioRegistryServer registry;
    private EmbeddedConnectCluster cluster;
    private RegistryAvroDecoder decoder;

    public AvroConnectCluster(String name) {
        this.name = name;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        registry = ApicurioRegistryServer.start();
        cluster = ConnectTestClusters.builder().name(name).avroConverters(registry).start();
        decoder = new RegistryAvroDecoder(registry.ccompatUrl());
    }

    public ApicurioRegistryServer registry() {
        return started(registry);
    }

    public EmbeddedConnectCluster cluster() {
        return started(cluster);
    }

    public RegistryAvroDecoder decoder() {
        return started(decoder);
    }

    private <T> T started(T part) {
        if (part == null) {
            throw new IllegalStateException(name + " starts before the class's @BeforeAll methods");
        }
        return part;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (cluster != null) {
                cluster.stop();
            }
        } finally {
            if (registry != null) {
                registry.close();
            }
        }
    }
}
