package io.kafkaconnect.metronome.config;

import io.kafkaconnect.metronome.client.MetronomeApiException;
import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.MetronomeClientSettings;
import io.kafkaconnect.metronome.client.MetronomeException;
import io.kafkaconnect.metronome.client.MetronomeRequests.CustomerQuery;
import io.kafkaconnect.metronome.client.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;

/**
 * The one cheap API call ({@code GET /v1/customers?limit=1}) that {@code Connector.validate()} makes, so a wrong
 * URL or token is refused when the connector is created, with the failing field named, instead of failing tasks.
 */
public final class ApiAccessCheck {

    private ApiAccessCheck() {
    }

    /** Adds an error to the URL or token field of {@code validated} when Metronome cannot be used with them. */
    public static Config apply(Config validated) {
        Map<String, ConfigValue> values = new HashMap<>();
        validated.configValues().forEach(v -> values.put(v.name(), v));
        ConfigValue url = values.get(MetronomeConnectionConfig.API_URL);
        ConfigValue token = values.get(MetronomeConnectionConfig.API_TOKEN);
        if (url == null || token == null || !url.errorMessages().isEmpty() || !token.errorMessages().isEmpty()
                || url.value() == null || token.value() == null) {
            return validated; // the field validators already said what is wrong
        }
        String tokenValue = token.value() instanceof Password p ? p.value() : token.value().toString();
        probe(url.value().toString(), tokenValue).ifPresent(failure ->
                (failure.field().equals(MetronomeConnectionConfig.API_TOKEN) ? token : url)
                        .addErrorMessage(failure.message()));
        return validated;
    }

    /** The field to blame and why, or empty when a list call succeeds. */
    static Optional<Failure> probe(String baseUrl, String token) {
        MetronomeClientSettings settings = new MetronomeClientSettings(URI.create(baseUrl), token,
                Duration.ofSeconds(5), Duration.ofSeconds(10), new RetryPolicy(1, Duration.ZERO, Duration.ZERO), 1);
        try (MetronomeClient client = new MetronomeClient(settings)) {
            client.listCustomers(new CustomerQuery(null, null, null, null, 1, null));
            return Optional.empty();
        } catch (MetronomeApiException e) {
            if (e.status() == 401 || e.status() == 403) {
                return Optional.of(new Failure(MetronomeConnectionConfig.API_TOKEN,
                        "Metronome rejected the token (HTTP " + e.status() + ": " + e.apiMessage() + ")"));
            }
            if (e.status() == 429 || e.status() >= 500) {
                return Optional.empty(); // reachable and authenticated far enough; tasks will retry
            }
            return Optional.of(new Failure(MetronomeConnectionConfig.API_URL,
                    "GET /v1/customers at this URL answered HTTP " + e.status() + ": " + e.apiMessage()));
        } catch (MetronomeException e) {
            return Optional.of(new Failure(MetronomeConnectionConfig.API_URL,
                    "cannot reach Metronome at this URL: " + e.getMessage()));
        }
    }

    record Failure(String field, String message) {
    }
}
