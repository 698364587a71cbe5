package io.kafkaconnect.metronome.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkaconnect.metronome.PluginVersion;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.utils.DateUtils;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.HttpStatus;
import org.apache.hc.core5.net.URIBuilder;

/**
 * The HTTP side of a call: an {@link ApiRequest} as the request Metronome expects (bearer token, JSON body,
 * Idempotency-Key), and the answer as a value or an error (Metronome's message and status, the server's wishes about
 * a retry, or a proxy that answered in Metronome's place).
 */
final class HttpMessages {

    private static final String USER_AGENT = "kafka-connect-metronome/" + PluginVersion.get();

    private HttpMessages() {
    }

    static SimpleHttpRequest request(ApiRequest<?> request, MetronomeClientSettings settings) {
        SimpleRequestBuilder builder = SimpleRequestBuilder.create(request.method())
                .setUri(uri(request, settings))
                .addHeader(HttpHeaders.AUTHORIZATION, "Bearer " + settings.token())
                .addHeader(HttpHeaders.ACCEPT, "application/json")
                .addHeader(HttpHeaders.USER_AGENT, USER_AGENT);
        if (request.idempotencyKey() != null) {
            builder.addHeader("Idempotency-Key", request.idempotencyKey());
        }
        if (request.body() instanceof JsonBody written) {
            builder.setBody(written.bytes(), ContentType.APPLICATION_JSON);
        } else if (request.body() != null) {
            builder.setBody(json(request.body()), ContentType.APPLICATION_JSON);
        }
        return builder.build();
    }

    /**
     * @param fromProxy the response is the proxy's, not Metronome's: its status says nothing about the request
     */
    static <T> Outcome<T> outcome(ApiRequest<T> request, SimpleHttpResponse response, boolean fromProxy) {
        byte[] body = response.getBodyBytes() == null ? new byte[0] : response.getBodyBytes();
        if (response.getCode() / 100 == 2) {
            try {
                return Outcome.success(request.reader().read(new ByteArrayInputStream(body)));
            } catch (IOException | RuntimeException e) {
                return Outcome.failure(new MetronomeTransportException(request.endpoint(), e), null);
            }
        }
        if (response.getCode() == HttpStatus.SC_PROXY_AUTHENTICATION_REQUIRED) { // from the proxy, not Metronome
            return Outcome.failure(new ProxyAuthenticationException(request.endpoint()), null);
        }
        if (fromProxy) {
            return Outcome.failure(new ProxyRefusedException(request.endpoint(), response.getCode(),
                    "the proxy refused the tunnel to Metronome (HTTP " + response.getCode()
                            + (response.getReasonPhrase() == null ? "" : " " + response.getReasonPhrase()) + ")"),
                    null);
        }
        MetronomeApiException error = MetronomeApiException.of(response.getCode(),
                messageOf(new String(body, StandardCharsets.UTF_8)), request.endpoint(), retryAfter(response));
        return Outcome.failure(error, shouldRetry(response));
    }

    /** Metronome's error body is {@code {"message": "..."}}; anything else is passed on, shortened. */
    static String messageOf(String body) {
        try {
            JsonNode node = MetronomeJson.MAPPER.readTree(body);
            if (node != null && node.hasNonNull("message")) {
                return node.get("message").asText();
            }
        } catch (IOException | RuntimeException notJson) {
            // fall through to the raw body
        }
        String trimmed = body == null ? "" : body.strip();
        return trimmed.isEmpty() ? "(no message)" : trimmed.substring(0, Math.min(trimmed.length(), 500));
    }

    /** {@code retry-after-ms} first (as Metronome's SDKs), then {@code Retry-After} in seconds or as an HTTP date. */
    static Duration retryAfter(HttpResponse response) {
        Header millis = response.getFirstHeader("retry-after-ms");
        if (millis != null) {
            try {
                return Duration.ofMillis((long) Double.parseDouble(millis.getValue()));
            } catch (NumberFormatException ignored) {
                // try Retry-After
            }
        }
        Header header = response.getFirstHeader(HttpHeaders.RETRY_AFTER);
        if (header == null) {
            return null;
        }
        try {
            return Duration.ofMillis((long) (Double.parseDouble(header.getValue()) * 1000));
        } catch (NumberFormatException notSeconds) {
            Instant date = DateUtils.parseStandardDate(header.getValue());
            return date == null ? null : Duration.ofMillis(Math.max(0, date.toEpochMilli() - System.currentTimeMillis()));
        }
    }

    /** The server's {@code x-should-retry: true|false}, which overrides the status; null when it sent neither. */
    private static Boolean shouldRetry(HttpResponse response) {
        Header header = response.getFirstHeader("x-should-retry");
        if (header == null) {
            return null;
        }
        return "true".equalsIgnoreCase(header.getValue()) ? Boolean.TRUE
                : "false".equalsIgnoreCase(header.getValue()) ? Boolean.FALSE : null;
    }

    private static URI uri(ApiRequest<?> request, MetronomeClientSettings settings) {
        try {
            URIBuilder builder = new URIBuilder(settings.baseUrl() + request.path());
            for (Map.Entry<String, String> param : request.query().entrySet()) {
                if (param.getValue() != null) {
                    builder.addParameter(param.getKey(), param.getValue());
                }
            }
            return builder.build();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid URL for " + request.endpoint(), e);
        }
    }

    private static byte[] json(Object body) {
        try {
            return MetronomeJson.MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serialise request body", e);
        }
    }

    /** An answer turned into either a value or an error (plus the server's {@code x-should-retry}, if sent). */
    record Outcome<T>(T value, MetronomeException error, Boolean serverSaysRetry) {
        static <T> Outcome<T> success(T value) {
            return new Outcome<>(value, null, null);
        }

        static <T> Outcome<T> failure(MetronomeException error, Boolean serverSaysRetry) {
            return new Outcome<>(null, error, serverSaysRetry);
        }
    }
}
