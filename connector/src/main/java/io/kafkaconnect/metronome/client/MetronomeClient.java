package io.kafkaconnect.metronome.client;

import io.kafkaconnect.metronome.PluginVersion;
import com.fasterxml.jackson.databind.JsonNode;
import io.kafkaconnect.metronome.client.model.BillableMetric;
import io.kafkaconnect.metronome.client.model.CostBucket;
import io.kafkaconnect.metronome.client.model.CreateBillableMetricRequest;
import io.kafkaconnect.metronome.client.model.CreateCustomerRequest;
import io.kafkaconnect.metronome.client.model.Customer;
import io.kafkaconnect.metronome.client.model.CustomerDetail;
import io.kafkaconnect.metronome.client.model.Page;
import io.kafkaconnect.metronome.client.model.PreviewEventsRequest;
import io.kafkaconnect.metronome.client.model.UpdateConfigRequest;
import io.kafkaconnect.metronome.client.model.UsageEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.utils.DateUtils;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.HttpStatus;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.net.URIBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP client of the connectors: pooled connections, bearer auth, rate limiting, and retries with
 * exponential backoff and jitter on connection errors, 408, 429 and 5xx (honouring {@code Retry-After}); through
 * the configured proxy (else the JVM's), trusting the configured trust store (else the JVM's).
 *
 * <p>Blocking calls ({@link #execute}) stream list pages through the classic client; {@link #executeAsync}
 * keeps many requests in flight on the async client without parking a thread per request.
 */
public final class MetronomeClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MetronomeClient.class);
    private static final String USER_AGENT = "kafka-connect-metronome/" + PluginVersion.get();

    private final MetronomeClientSettings settings;
    private final RequestRateLimiter rateLimiter;
    private final ClientStats stats = new ClientStats();
    private final HttpClientFactory httpClients;
    private final CloseableHttpClient http;
    private final Object asyncLock = new Object();
    private CloseableHttpAsyncClient asyncHttp;
    private ScheduledExecutorService retryScheduler;
    /** Async calls not yet answered, with their endpoint: close() fails them instead of leaving them hanging. */
    private final Map<CompletableFuture<?>, String> pendingAsync = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public MetronomeClient(MetronomeClientSettings settings) {
        this(settings, RequestRateLimiter.unlimited());
    }

    public MetronomeClient(MetronomeClientSettings settings, RequestRateLimiter rateLimiter) {
        this.settings = settings;
        this.rateLimiter = rateLimiter;
        this.httpClients = new HttpClientFactory(settings);
        this.http = httpClients.classic();
    }

    public ClientStats stats() {
        return stats;
    }

    // ---- one method per endpoint (blocking) ----

    public Customer createCustomer(CreateCustomerRequest body, String idempotencyKey) {
        return execute(MetronomeRequests.createCustomer(body, idempotencyKey));
    }

    public CustomerDetail retrieveCustomer(String customerId) {
        return execute(MetronomeRequests.retrieveCustomer(customerId));
    }

    public Page<CustomerDetail> listCustomers(MetronomeRequests.CustomerQuery query) {
        return execute(MetronomeRequests.listCustomers(query));
    }

    public String archiveCustomer(String customerId, String idempotencyKey) {
        return execute(MetronomeRequests.archiveCustomer(customerId, idempotencyKey));
    }

    public Page<BillableMetric> listBillableMetrics(String customerId, boolean includeArchived, Boolean onCurrentPlan,
                                                    Integer limit, String nextPage) {
        return execute(MetronomeRequests.listBillableMetrics(customerId, includeArchived, onCurrentPlan, limit, nextPage));
    }

    public Page<CostBucket> listCosts(String customerId, Instant startingOn, Instant endingBefore, Integer limit,
                                      String nextPage) {
        return execute(MetronomeRequests.listCosts(customerId, startingOn, endingBefore, limit, nextPage));
    }

    /** Every draft invoice of the preview, in Metronome's order (one per credit type; seed 004 shows one). */
    public List<JsonNode> previewEvents(String customerId, PreviewEventsRequest body, String idempotencyKey) {
        return execute(MetronomeRequests.previewEvents(customerId, body, idempotencyKey));
    }

    public void setIngestAliases(String customerId, List<String> aliases, String idempotencyKey) {
        execute(MetronomeRequests.setIngestAliases(customerId, aliases, idempotencyKey));
    }

    public Customer setName(String customerId, String name, String idempotencyKey) {
        return execute(MetronomeRequests.setName(customerId, name, idempotencyKey));
    }

    public void updateConfig(String customerId, UpdateConfigRequest body, String idempotencyKey) {
        execute(MetronomeRequests.updateConfig(customerId, body, idempotencyKey));
    }

    public void ingest(List<UsageEvent> events, String idempotencyKey) {
        execute(MetronomeRequests.ingest(events, idempotencyKey));
    }

    public String createBillableMetric(CreateBillableMetricRequest body, String idempotencyKey) {
        return execute(MetronomeRequests.createBillableMetric(body, idempotencyKey));
    }

    // ---- blocking execution ----

    /** Sends the request, retrying per the retry policy; throws the last error when it gives up. */
    public <T> T execute(ApiRequest<T> request) {
        for (int attempt = 1; ; attempt++) {
            Outcome<T> outcome;
            try {
                rateLimiter.acquire();
                outcome = sendBlocking(request);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MetronomeTransportException(request.endpoint(), e);
            }
            if (outcome.error == null) {
                stats.recordSuccess();
                return outcome.value;
            }
            Duration delay = retryDelay(request, outcome, attempt);
            if (delay == null) {
                stats.recordFailure();
                throw outcome.error;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw outcome.error;
            }
        }
    }

    private <T> Outcome<T> sendBlocking(ApiRequest<T> request) {
        stats.recordRequest();
        ClassicHttpRequest httpRequest = ClassicRequestBuilder.create(request.method())
                .setUri(uri(request))
                .setHeaders(headers(request))
                .setEntity(request.body() == null ? null
                        : new ByteArrayEntity(json(request.body()), ContentType.APPLICATION_JSON))
                .build();
        HttpClientContext context = HttpClientContext.create();
        try {
            return http.execute(httpRequest, context, response -> {
                HttpEntity entity = response.getEntity();
                if (response.getCode() / 100 == 2) {
                    try (InputStream body = entity == null ? InputStream.nullInputStream() : entity.getContent()) {
                        return Outcome.success(request.reader().read(body));
                    }
                }
                String body = entity == null ? "" : EntityUtils.toString(entity, StandardCharsets.UTF_8);
                return failure(request, response, body, answeredByProxy(context));
            });
        } catch (IOException e) {
            return Outcome.failure(new MetronomeTransportException(request.endpoint(), e), null);
        }
    }

    // ---- async execution ----

    /**
     * Sends the request on the async client with the same retries as {@link #execute}; waits for the rate
     * limiter and for backoffs on a scheduler rather than a parked thread. The future fails with a
     * {@link MetronomeException}; after {@link #close()}, with a {@link MetronomeTransportException}.
     *
     * <p>The future completes on the client's I/O thread: do not block in its non-async dependent stages
     * ({@code thenApply}, {@code whenComplete} ...), or every async request of this client stalls meanwhile.
     */
    public <T> CompletableFuture<T> executeAsync(ApiRequest<T> request) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(closedError(request.endpoint()));
            return result;
        }
        pendingAsync.put(result, request.endpoint());
        result.whenComplete((value, error) -> pendingAsync.remove(result));
        startAsync();
        attemptAsync(request, 1, result);
        return result;
    }

    private <T> void attemptAsync(ApiRequest<T> request, int attempt, CompletableFuture<T> result) {
        long waitNanos = rateLimiter.reserveNanos();
        if (waitNanos <= 0) {
            sendAsync(request, attempt, result);
            return;
        }
        try {
            retryScheduler.schedule(() -> sendAsync(request, attempt, result), waitNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) { // closed meanwhile
            result.completeExceptionally(closedError(request.endpoint()));
        }
    }

    private <T> void sendAsync(ApiRequest<T> request, int attempt, CompletableFuture<T> result) {
        stats.recordRequest();
        SimpleRequestBuilder builder = SimpleRequestBuilder.create(request.method())
                .setUri(uri(request))
                .setHeaders(headers(request));
        if (request.body() != null) {
            builder.setBody(json(request.body()), ContentType.APPLICATION_JSON);
        }
        SimpleHttpRequest httpRequest = builder.build();
        HttpClientContext context = HttpClientContext.create();
        try {
            asyncHttp.execute(SimpleRequestProducer.create(httpRequest), SimpleResponseConsumer.create(), context,
                    new FutureCallback<SimpleHttpResponse>() {
                        @Override
                        public void completed(SimpleHttpResponse response) {
                            finishAsync(request, attempt, result, outcomeOf(request, response, context));
                        }

                        @Override
                        public void failed(Exception e) {
                            finishAsync(request, attempt, result,
                                    Outcome.failure(new MetronomeTransportException(request.endpoint(), e), null));
                        }

                        @Override
                        public void cancelled() {
                            result.completeExceptionally(new MetronomeTransportException(request.endpoint(),
                                    new IOException("request cancelled")));
                        }
                    });
        } catch (RuntimeException e) { // e.g. the client was closed while a retry was scheduled
            result.completeExceptionally(new MetronomeTransportException(request.endpoint(), e));
        }
    }

    private <T> Outcome<T> outcomeOf(ApiRequest<T> request, SimpleHttpResponse response, HttpClientContext context) {
        byte[] body = response.getBodyBytes() == null ? new byte[0] : response.getBodyBytes();
        if (response.getCode() / 100 == 2) {
            try {
                return Outcome.success(request.reader().read(new ByteArrayInputStream(body)));
            } catch (IOException | RuntimeException e) {
                return Outcome.failure(new MetronomeTransportException(request.endpoint(), e), null);
            }
        }
        return failure(request, response, new String(body, StandardCharsets.UTF_8), answeredByProxy(context));
    }

    private <T> void finishAsync(ApiRequest<T> request, int attempt, CompletableFuture<T> result, Outcome<T> outcome) {
        if (outcome.error == null) {
            stats.recordSuccess();
            result.complete(outcome.value);
            return;
        }
        Duration delay = retryDelay(request, outcome, attempt);
        if (delay == null) {
            stats.recordFailure();
            result.completeExceptionally(outcome.error);
            return;
        }
        try {
            retryScheduler.schedule(() -> attemptAsync(request, attempt + 1, result), delay.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) { // closed meanwhile
            result.completeExceptionally(closedError(request.endpoint()));
        }
    }

    private void startAsync() {
        synchronized (asyncLock) {
            if (asyncHttp != null) {
                return;
            }
            retryScheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "metronome-client-retry");
                t.setDaemon(true);
                return t;
            });
            asyncHttp = httpClients.async();
            asyncHttp.start();
        }
    }

    // ---- shared by both paths ----

    /** The wait before the next attempt, or null when the request must not be tried again. */
    private Duration retryDelay(ApiRequest<?> request, Outcome<?> outcome, int attempt) {
        MetronomeException error = outcome.error;
        boolean retriable = outcome.serverSaysRetry != null ? outcome.serverSaysRetry : error.isRetriable();
        if (error instanceof MetronomeApiException.ServerErrorException && request.serverErrorsAreReplayed()) {
            retriable = false; // the same key would only replay this error; the caller retries under a new key
        }
        if (error instanceof MetronomeApiException.RateLimitedException) {
            stats.recordThrottled();
        }
        if (!retriable || !settings.retryPolicy().allowsAnotherAttempt(attempt)) {
            return null;
        }
        Optional<Duration> serverWait = error instanceof MetronomeApiException api ? api.retryAfter() : Optional.empty();
        Duration delay = settings.retryPolicy().backoff(attempt, serverWait);
        stats.recordRetry();
        log.warn("{}; retrying in {} ms (attempt {} of {})", error.getMessage(), delay.toMillis(), attempt + 1,
                settings.retryPolicy().maxAttempts());
        return delay;
    }

    /**
     * @param fromProxy the response is the proxy's, not Metronome's: its status says nothing about the request
     */
    private static <T> Outcome<T> failure(ApiRequest<T> request, HttpResponse response, String body,
                                          boolean fromProxy) {
        if (response.getCode() == HttpStatus.SC_PROXY_AUTHENTICATION_REQUIRED) { // from the proxy, not Metronome
            return Outcome.failure(new ProxyAuthenticationException(request.endpoint()), null);
        }
        if (fromProxy) {
            return Outcome.failure(new ProxyRefusedException(request.endpoint(), response.getCode(),
                    "the proxy refused the tunnel to Metronome (HTTP " + response.getCode()
                            + (response.getReasonPhrase() == null ? "" : " " + response.getReasonPhrase()) + ")"),
                    null);
        }
        MetronomeApiException error = MetronomeApiException.of(response.getCode(), messageOf(body),
                request.endpoint(), retryAfter(response));
        Header shouldRetry = response.getFirstHeader("x-should-retry");
        Boolean serverSays = shouldRetry == null ? null
                : "true".equalsIgnoreCase(shouldRetry.getValue()) ? Boolean.TRUE
                : "false".equalsIgnoreCase(shouldRetry.getValue()) ? Boolean.FALSE : null;
        return Outcome.failure(error, serverSays);
    }

    /**
     * An answer to an https call without a TLS session comes from the proxy: HttpClient returns the proxy's answer
     * to a refused CONNECT as the response, and only Metronome's answers travel inside the tunnel's TLS.
     */
    private boolean answeredByProxy(HttpClientContext context) {
        return "https".equalsIgnoreCase(settings.baseUrl().getScheme()) && context.getSSLSession() == null;
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

    private URI uri(ApiRequest<?> request) {
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

    private Header[] headers(ApiRequest<?> request) {
        List<Header> headers = new ArrayList<>(5);
        headers.add(new BasicHeader(HttpHeaders.AUTHORIZATION, "Bearer " + settings.token()));
        headers.add(new BasicHeader(HttpHeaders.ACCEPT, "application/json"));
        headers.add(new BasicHeader(HttpHeaders.USER_AGENT, USER_AGENT));
        if (request.idempotencyKey() != null) {
            headers.add(new BasicHeader("Idempotency-Key", request.idempotencyKey()));
        }
        return headers.toArray(Header[]::new);
    }

    private static byte[] json(Object body) {
        try {
            return MetronomeJson.MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serialise request body", e);
        }
    }

    private static MetronomeTransportException closedError(String endpoint) {
        return new MetronomeTransportException(endpoint, new IOException("the client is closed"));
    }

    @Override
    public void close() {
        closed = true;
        http.close(CloseMode.GRACEFUL);
        synchronized (asyncLock) {
            if (asyncHttp != null) {
                retryScheduler.shutdownNow();
                asyncHttp.close(CloseMode.GRACEFUL);
            }
        }
        // Requests waiting for a backoff or the rate limiter would otherwise never complete.
        pendingAsync.forEach((future, endpoint) -> future.completeExceptionally(closedError(endpoint)));
    }

    /** A response turned into either a value or an error (plus the server's {@code x-should-retry}, if sent). */
    private record Outcome<T>(T value, MetronomeException error, Boolean serverSaysRetry) {
        static <T> Outcome<T> success(T value) {
            return new Outcome<>(value, null, null);
        }

        static <T> Outcome<T> failure(MetronomeException error, Boolean serverSaysRetry) {
            return new Outcome<>(null, error, serverSaysRetry);
        }
    }
}
