package io.kafkaconnect.metronome.testkit;

import static org.awaitility.Awaitility.await;

import io.kafkaconnect.metronome.processes.FreePort;
import io.kafkaconnect.metronome.processes.JavaProcess;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The test-proxy module's forward proxy (Jetty's CONNECT and forwarding handlers) as a child JVM on a free loopback
 * port, with what it answered readable as lines {@code METHOD TARGET STATUS}, e.g. {@code CONNECT 127.0.0.1:8443 200}
 * or {@code GET http://127.0.0.1:8089/v1/customers 407}. A child JVM because Kafka Connect puts its own Jetty on the
 * tests' classpath.
 */
public final class TestForwardProxy implements AutoCloseable {

    /** Surefire runs in connector/; the build writes the proxy's classes and classpath into test-proxy/target/. */
    private static final Path BUILD = Path.of("..", "test-proxy", "target");
    private static final String MAIN_CLASS = "io.kafkaconnect.metronome.testproxy.ForwardProxyMain";

    private final JavaProcess process;
    private final int port;
    /** Never through a proxy, whatever the JVM's proxy properties say during a test. */
    private final HttpClient control = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private TestForwardProxy(JavaProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** An open proxy. */
    public static TestForwardProxy start() {
        return start(List.of());
    }

    /** A proxy that answers 407 unless {@code Proxy-Authorization} carries {@code user:password}. */
    public static TestForwardProxy start(String user, String password) {
        return start(List.of("--credentials", user + ":" + password));
    }

    /** A proxy whose policy allows no CONNECT destination: it answers every tunnel request with 403. */
    public static TestForwardProxy startRefusingTunnels() {
        return start(List.of("--refuse-tunnels"));
    }

    private static TestForwardProxy start(List<String> options) {
        int port = FreePort.pick();
        List<String> args = new ArrayList<>(List.of("--port", String.valueOf(port)));
        args.addAll(options);
        JavaProcess process = JavaProcess.start("test forward proxy", List.of("-Xmx64m", "-XX:+UseSerialGC"),
                classpath(), MAIN_CLASS, args, Map.of(), Path.of("target", "test-proxy-" + port + ".log"));
        TestForwardProxy proxy = new TestForwardProxy(process, port);
        try {
            await("the test proxy on port " + port).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(proxy::answers);
        } catch (RuntimeException | Error e) {
            process.close();
            throw e;
        }
        return proxy;
    }

    private static String classpath() {
        Path dependencies = BUILD.resolve("runtime-classpath.txt");
        if (!Files.isRegularFile(dependencies)) {
            throw new IllegalStateException("No " + dependencies.toAbsolutePath() + "; build the test proxy first: "
                    + "mvn -B -pl connector -am test-compile");
        }
        try {
            return BUILD.resolve("classes").toAbsolutePath() + File.pathSeparator + Files.readString(dependencies).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean answers() {
        process.checkAlive();
        try {
            return send(HttpRequest.newBuilder(logUri()).GET()).statusCode() == 200;
        } catch (UncheckedIOException notYet) {
            return false;
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** e.g. {@code http://127.0.0.1:41234}, the value for {@code metronome.proxy.url}. */
    public String url() {
        return "http://" + host() + ":" + port;
    }

    /** What the proxy answered so far, oldest first: {@code METHOD TARGET STATUS}. */
    public List<String> requests() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(logUri()).GET());
        return response.body().lines().toList();
    }

    public void clearRequests() {
        send(HttpRequest.newBuilder(logUri()).DELETE());
    }

    private URI logUri() {
        return URI.create(url() + "/_proxy/requests");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return control.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
