package io.kafkaconnect.metronome.quickstart.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kafkaconnect.metronome.quickstart.compose.ComposeService.Mount;
import io.kafkaconnect.metronome.quickstart.compose.ComposeService.PortMapping;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A compose file read as {@code docker-compose up} reads it: services in file order, every value interpolated with
 * the given variables (the environment of {@code up}), relative bind mounts resolved against the file's directory.
 * The forms this project's file uses are read; others fail with a message rather than being guessed at.
 */
public record ComposeFile(Path file, String text, List<ComposeService> services) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public static ComposeFile read(Path file, Map<String, String> variables) {
        String text;
        JsonNode root;
        try {
            text = Files.readString(file);
            root = YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        Path directory = file.toAbsolutePath().getParent();
        List<ComposeService> services = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("services").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            services.add(service(entry.getKey(), entry.getValue(), directory, variables));
        }
        if (services.isEmpty()) {
            throw new IllegalArgumentException(file + " defines no services");
        }
        return new ComposeFile(file.toAbsolutePath(), text, List.copyOf(services));
    }

    public ComposeService service(String name) {
        return services.stream().filter(service -> service.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(file + " has no service " + name));
    }

    /** The services running an image of this repository, e.g. {@code confluentinc/cp-kafka-connect}. */
    public List<ComposeService> servicesOf(String repository) {
        return services.stream().filter(service -> service.image().repository().equals(repository)).toList();
    }

    private static ComposeService service(String name, JsonNode node, Path directory, Map<String, String> variables) {
        String image = text(node.path("image"), variables);
        if (image.isEmpty()) {
            throw new IllegalArgumentException("Service " + name + " has no image (build: is not emulated)");
        }
        return new ComposeService(name, ImageRef.parse(image), text(node.path("hostname"), variables),
                environment(name, node.path("environment"), variables), command(name, node.path("command"), variables),
                ports(name, node.path("ports"), variables), volumes(name, node.path("volumes"), directory, variables),
                dependsOn(node.path("depends_on")),
                node.has("healthcheck") ? Optional.of(Healthcheck.read(name, node.get("healthcheck"))) : Optional.empty());
    }

    private static Map<String, String> environment(String service, JsonNode node, Map<String, String> variables) {
        Map<String, String> environment = new LinkedHashMap<>();
        if (node.isObject()) {
            node.fields().forEachRemaining(entry -> environment.put(entry.getKey(), text(entry.getValue(), variables)));
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                String[] pair = text(item, variables).split("=", 2);
                if (pair.length != 2) {
                    throw new IllegalArgumentException("Service " + service + ": environment entry without '=': " + item);
                }
                environment.put(pair[0], pair[1]);
            }
        }
        return environment;
    }

    private static List<String> command(String service, JsonNode node, Map<String, String> variables) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("Service " + service + ": write command as a list (exec form), not " + node);
        }
        List<String> command = new ArrayList<>();
        node.forEach(word -> command.add(text(word, variables)));
        return command;
    }

    private static List<PortMapping> ports(String service, JsonNode node, Map<String, String> variables) {
        List<PortMapping> ports = new ArrayList<>();
        for (JsonNode item : node) {
            String[] parts = text(item, variables).split(":");
            if (parts.length < 2 || parts.length > 3) {
                throw new IllegalArgumentException("Service " + service + ": ports entries must be [ip:]host:container, not " + item);
            }
            ports.add(new PortMapping(Integer.parseInt(parts[parts.length - 2]),
                    Integer.parseInt(parts[parts.length - 1].replace("/tcp", ""))));
        }
        return ports;
    }

    private static List<Mount> volumes(String service, JsonNode node, Path directory, Map<String, String> variables) {
        List<Mount> mounts = new ArrayList<>();
        for (JsonNode item : node) {
            String[] parts = text(item, variables).split(":");
            if (parts.length < 2 || !(parts[0].startsWith("./") || parts[0].startsWith("/"))) {
                throw new IllegalArgumentException("Service " + service + ": only bind mounts host-path:container-path[:ro]"
                        + " are emulated, not " + item);
            }
            mounts.add(new Mount(directory.resolve(parts[0]).normalize(), parts[1]));
        }
        return mounts;
    }

    private static Map<String, String> dependsOn(JsonNode node) {
        Map<String, String> dependsOn = new LinkedHashMap<>();
        if (node.isArray()) {
            node.forEach(name -> dependsOn.put(name.asText(), "service_started"));
        } else {
            node.fields().forEachRemaining(entry ->
                    dependsOn.put(entry.getKey(), entry.getValue().path("condition").asText("service_started")));
        }
        return dependsOn;
    }

    private static String text(JsonNode node, Map<String, String> variables) {
        return node.isMissingNode() || node.isNull() ? "" : ComposeVariables.interpolate(node.asText(), variables);
    }
}
