package io.kafkaconnect.metronome.quickstart.compose;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * What a healthcheck command checks, done from the test JVM with names resolved as inside the service's container.
 * The commands this project's compose file uses are understood; any other fails rather than being skipped:
 * <ul>
 *   <li>{@code kafka-broker-api-versions.sh --bootstrap-server H:P}: a broker answers there;</li>
 *   <li>{@code curl -f... URL}: the URL answers below 400 (a stand-in's {@link RunningService#rootPath()} applies);</li>
 *   <li>{@code bash -c 'exec 3<>/dev/tcp/H/P'}: the port takes connections.</li>
 * </ul>
 */
public final class HealthcheckProbes {

    private static final Pattern DEV_TCP = Pattern.compile("exec \\d<>/dev/tcp/([^/]+)/(\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private HealthcheckProbes() {
    }

    /** The probe of {@code service}'s healthcheck; {@code running} is the service as started (for its root path). */
    public static HealthProbe of(ComposeService service, Healthcheck check, ComposeNetwork network, RunningService running) {
        List<String> command = check.command();
        String program = command.get(0);
        Duration timeout = check.timeout();
        if (program.endsWith("/kafka-broker-api-versions.sh") || program.equals("kafka-broker-api-versions.sh")) {
            int option = command.indexOf("--bootstrap-server");
            if (option < 0 || option + 1 == command.size()) {
                throw unknown(service, check);
            }
            String bootstrap = Arrays.stream(command.get(option + 1).split(","))
                    .map(server -> hostPort(server, (host, port) -> network.resolve(service.name(), host) + ":" + port))
                    .collect(Collectors.joining(","));
            return () -> brokerAnswers(bootstrap, timeout);
        }
        if (program.equals("curl") && command.stream().anyMatch(word -> word.matches("-[a-zA-Z]*f[a-zA-Z]*"))) {
            URI url = URI.create(command.get(command.size() - 1));
            String address = network.resolve(service.name(), url.getHost());
            String path = (address.equals(network.address(service.name())) ? running.rootPath() : "") + url.getRawPath();
            URI resolved = URI.create(url.getScheme() + "://" + address + ":" + url.getPort() + path);
            return () -> HTTP.send(HttpRequest.newBuilder(resolved).timeout(timeout).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() < 400;
        }
        if (program.equals("bash") && command.size() == 3 && command.get(1).equals("-c")) {
            Matcher tcp = DEV_TCP.matcher(command.get(2));
            if (tcp.matches()) {
                InetSocketAddress target = new InetSocketAddress(network.resolve(service.name(), tcp.group(1)),
                        Integer.parseInt(tcp.group(2)));
                return () -> portTakesConnections(target, timeout);
            }
        }
        throw unknown(service, check);
    }

    private static boolean brokerAnswers(String bootstrap, Duration timeout) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()))) {
            return !admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).isEmpty();
        }
    }

    private static boolean portTakesConnections(InetSocketAddress target, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(target, (int) timeout.toMillis());
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static String hostPort(String server, BiFunction<String, String, String> mapping) {
        int colon = server.lastIndexOf(':');
        return mapping.apply(server.substring(0, colon), server.substring(colon + 1));
    }

    private static IllegalArgumentException unknown(ComposeService service, Healthcheck check) {
        return new IllegalArgumentException("Service " + service.name() + ": the emulation cannot run the healthcheck "
                + check.command() + " (it runs kafka-broker-api-versions.sh --bootstrap-server, curl -f and"
                + " bash -c 'exec 3<>/dev/tcp/host/port')");
    }
}
