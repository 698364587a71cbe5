package io.kafkaconnect.metronome.config;

import io.kafkaconnect.metronome.client.MetronomeApiException;
import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.MetronomeClientSettings;
import io.kafkaconnect.metronome.client.MetronomeException;
import io.kafkaconnect.metronome.client.MetronomeRequests.CustomerQuery;
import io.kafkaconnect.metronome.client.ProxyAuthenticationException;
import io.kafkaconnect.metronome.client.ProxyRefusedException;
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
 * It goes through the configured proxy and trusts the configured trust store, as the tasks will.
 */
public final class ApiAccessCheck {

    private ApiAccessCheck() {
    }

    /**
     * Adds an error to the URL, token or proxy field of {@code validated} when Metronome cannot be used with them.
     * Run it after {@link NetworkSettings#check}.
     */
    public static Config apply(Config validated) {
        Map<String, ConfigValue> values = new HashMap<>();
        validated.configValues().forEach(v -> values.put(v.name(), v));
        ConfigValue url = values.get(MetronomeConnectionConfig.API_URL);
        ConfigValue token = values.get(MetronomeConnectionConfig.API_TOKEN);
        if (url == null || token == null || !url.errorMessages().isEmpty() || !token.errorMessages().isEmpty()
                || url.value() == null || token.value() == null
                || NetworkSettings.FIELDS.stream().anyMatch(name -> hasErrors(values.get(name)))) {
            return validated; // the field validators already said what is wrong
        }
        Map<String, Object> parsed = new HashMap<>();
        values.forEach((name, value) -> parsed.put(name, value.value()));
        NetworkSettings network;
        try {
            network = NetworkSettings.read(parsed);
        } catch (NetworkSettings.InvalidField alreadyReportedByCheck) {
            return validated;
        }
        String tokenValue = token.value() instanceof Password p ? p.value() : token.value().toString();
        probe(url.value().toString(), tokenValue, network).ifPresent(failure ->
                values.get(failure.field()).addErrorMessage(failure.message()));
        return validated;
    }

    private static boolean hasErrors(ConfigValue value) {
        return value != null && !value.errorMessages().isEmpty();
    }

    /** The field to blame and why, or empty when a list call succeeds. */
    static Optional<Failure> probe(String baseUrl, String token, NetworkSettings network) {
        MetronomeClientSettings settings = new MetronomeClientSettings(URI.create(baseUrl), token,
                Duration.ofSeconds(5), Duration.ofSeconds(10), new RetryPolicy(1, Duration.ZERO, Duration.ZERO), 1,
                network.proxy(), network.tls());
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
        } catch (ProxyAuthenticationException e) {
            return Optional.of(new Failure(network.proxy().hasCredentials() ? MetronomeConnectionConfig.PROXY_USERNAME
                    : MetronomeConnectionConfig.PROXY_URL, "the proxy refused "
                    + (network.proxy().hasCredentials() ? "these credentials" : "to serve without credentials")
                    + " (HTTP 407); check " + MetronomeConnectionConfig.PROXY_USERNAME + " and "
                    + MetronomeConnectionConfig.PROXY_PASSWORD));
        } catch (ProxyRefusedException e) {
            return Optional.of(new Failure(network.proxy().isExplicit() ? MetronomeConnectionConfig.PROXY_URL
                    : MetronomeConnectionConfig.API_URL, "the proxy refused to reach Metronome at "
                    + MetronomeConnectionConfig.API_URL + " (HTTP " + e.status() + "); check that its policy allows it"));
        } catch (MetronomeException e) {
            return Optional.of(new Failure(MetronomeConnectionConfig.API_URL,
                    "cannot reach Metronome at this URL: " + e.getMessage()));
        }
    }

    record Failure(String field, String message) {
    }
}
