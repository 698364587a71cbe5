package io.kafkaconnect.metronome.quickstart.compose;

/** Starts a service of one image as a process, with the configuration the image would build. */
public interface ServiceLauncher {

    RunningService launch(ServiceContext context) throws Exception;

    /** The launcher for the image's repository; fails for images the emulation does not know. */
    static ServiceLauncher forImage(ImageRef image) {
        return switch (image.repository()) {
            case "apache/kafka" -> new ApacheKafkaLauncher();
            case "confluentinc/cp-kafka-connect", "confluentinc/cp-kafka-connect-base" -> new ConfluentConnectLauncher();
            case "confluentinc/cp-schema-registry" -> new SchemaRegistryLauncher();
            case "eclipse-temurin" -> new JavaCommandLauncher();
            default -> throw new IllegalArgumentException("The emulation runs no " + image.repository() + " image");
        };
    }
}
