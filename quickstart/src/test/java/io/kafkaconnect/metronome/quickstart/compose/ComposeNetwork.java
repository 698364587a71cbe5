package io.kafkaconnect.metronome.quickstart.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The compose network on loopback: every service gets an address of its own in one 127.a.b.0/24 block (all of
 * 127.0.0.0/8 reaches the loopback interface), so each has its own port space and container ports are used as
 * written. Names resolve per process through a hosts file ({@code -Djdk.net.hosts.file}) that says what a container
 * of that service would see: the service names at their addresses, and {@code localhost}, its own hostname and this
 * machine's name at its own address. The host (the test JVM) sees the service names too, and {@code localhost} at
 * 127.0.0.1. A random block keeps two runs on one machine apart.
 */
public final class ComposeNetwork {

    private static final int FIRST_HOST = 11;
    private static final String HOST = null;

    private final List<ComposeService> services;
    private final Map<String, String> addresses = new LinkedHashMap<>();
    private final Optional<String> machineName;

    ComposeNetwork(List<ComposeService> services, String block, Optional<String> machineName) {
        this.services = services;
        this.machineName = machineName;
        int host = FIRST_HOST;
        for (ComposeService service : services) {
            addresses.put(service.name(), block + "." + host++);
        }
    }

    /** The services of {@code compose} in a random 127.a.b.0/24 block, in file order from .11. */
    public static ComposeNetwork of(ComposeFile compose) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String block = "127." + random.nextInt(1, 255) + "." + random.nextInt(0, 256);
        return new ComposeNetwork(compose.services(), block, machineName());
    }

    public String address(String service) {
        String address = addresses.get(service);
        if (address == null) {
            throw new IllegalArgumentException("No service " + service + " on this network");
        }
        return address;
    }

    /**
     * The address {@code name} resolves to in a container of {@code viewer}, or null (the host) when viewer is
     * null; unknown names stay as they are.
     */
    public String resolve(String viewer, String name) {
        if (addresses.containsKey(name)) {
            return addresses.get(name);
        }
        boolean self = name.equals("localhost") || name.equals("127.0.0.1") || machineName.filter(name::equals).isPresent()
                || (viewer != null && name.equals(service(viewer).hostname()));
        if (self) {
            return viewer == null ? "127.0.0.1" : address(viewer);
        }
        return name;
    }

    /** A container's all-interfaces bind ({@code 0.0.0.0}, or an empty host) becomes its service's address. */
    public String bindAddress(String service, String host) {
        return host.isEmpty() || host.equals("0.0.0.0") ? address(service) : resolve(service, host);
    }

    /**
     * What the host reaches at {@code url}: {@code localhost:<published port>} is the port's service at its
     * container port (the emulation publishes nothing on 127.0.0.1: other builds share this machine); other URLs
     * resolve as the host resolves names.
     */
    public URI fromHost(URI url) {
        if (url.getHost().equals("localhost") || url.getHost().equals("127.0.0.1")) {
            for (ComposeService service : services) {
                Optional<Integer> containerPort = service.containerPortPublishedAs(url.getPort());
                if (containerPort.isPresent()) {
                    return withHostAndPort(url, address(service.name()), containerPort.get());
                }
            }
            throw new IllegalArgumentException("No service publishes port " + url.getPort() + " (" + url + ")");
        }
        return withHostAndPort(url, resolve(HOST, url.getHost()), url.getPort());
    }

    /** Writes the hosts file of a container of {@code service}. */
    public Path writeHostsFile(String service, Path file) {
        StringBuilder hosts = new StringBuilder("# ").append(service).append(": what its container resolves\n");
        hosts.append(address(service)).append(" localhost");
        if (!service(service).hostname().isEmpty() && !addresses.containsKey(service(service).hostname())) {
            hosts.append(' ').append(service(service).hostname());
        }
        machineName.ifPresent(name -> hosts.append(' ').append(name));
        hosts.append('\n');
        addresses.forEach((name, address) -> hosts.append(address).append(' ').append(name).append('\n'));
        return write(file, hosts.toString());
    }

    /** Writes the hosts file of the host: the service names, and localhost and this machine at 127.0.0.1. */
    public Path writeHostHostsFile(Path file) {
        StringBuilder hosts = new StringBuilder("# the host of the compose project\n127.0.0.1 localhost");
        machineName.ifPresent(name -> hosts.append(' ').append(name));
        hosts.append('\n');
        addresses.forEach((name, address) -> hosts.append(address).append(' ').append(name).append('\n'));
        return write(file, hosts.toString());
    }

    private ComposeService service(String name) {
        return services.stream().filter(service -> service.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No service " + name + " on this network"));
    }

    private static URI withHostAndPort(URI url, String host, int port) {
        return URI.create(url.getScheme() + "://" + host + ":" + port + (url.getRawPath() == null ? "" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
    }

    private static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /** This machine's name without a name lookup (the lookup itself would go through the hosts file). */
    private static Optional<String> machineName() {
        try {
            Path kernelName = Path.of("/proc/sys/kernel/hostname");
            return Files.isReadable(kernelName) ? Optional.of(Files.readString(kernelName).trim()).filter(n -> !n.isEmpty())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
