package io.kafkaconnect.metronome;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.MetronomeClientSettings;
import io.kafkaconnect.metronome.client.MetronomeRequests.CustomerQuery;
import io.kafkaconnect.metronome.sink.MetronomeSinkConnector;
import io.kafkaconnect.metronome.usage.MetronomeUsageSinkConnector;
import io.kafkaconnect.metronome.usage.MetronomeUsageSinkTask;
import io.kafkaconnect.metronome.sink.MetronomeSinkTask;
import io.kafkaconnect.metronome.source.MetronomeSourceConnector;
import io.kafkaconnect.metronome.source.MetronomeSourceTask;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** One version, the build's, wherever the plugin names itself. */
class PluginVersionTest {

    private final String buildVersion = System.getProperty("project.version");

    @Test
    void isTheBuildsVersion() {
        assertThat(buildVersion).as("system property project.version (set by connector/pom.xml)").isNotBlank();
        assertThat(PluginVersion.get()).isEqualTo(buildVersion);
    }

    @Test
    void connectorsAndTasksReportIt() {
        assertThat(new MetronomeSourceConnector().version()).isEqualTo(buildVersion);
        assertThat(new MetronomeSourceTask().version()).isEqualTo(buildVersion);
        assertThat(new MetronomeSinkConnector().version()).isEqualTo(buildVersion);
        assertThat(new MetronomeSinkTask().version()).isEqualTo(buildVersion);
        assertThat(new MetronomeUsageSinkConnector().version()).isEqualTo(buildVersion);
        assertThat(new MetronomeUsageSinkTask().version()).isEqualTo(buildVersion);
    }

    @Test
    void theClientSendsItAsItsUserAgent() throws IOException {
        List<String> userAgents = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            userAgents.add(exchange.getRequestHeaders().getFirst("User-Agent"));
            byte[] page = "{\"data\":[],\"next_page\":null}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        try (MetronomeClient client = new MetronomeClient(MetronomeClientSettings.of(url, "token"))) {
            client.listCustomers(CustomerQuery.page(10, null, false));
        } finally {
            server.stop(0);
        }
        assertThat(userAgents).containsExactly("kafka-connect-metronome/" + buildVersion);
    }
}
