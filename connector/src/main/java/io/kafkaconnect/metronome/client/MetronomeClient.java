package io.kafkaconnect.metronome.client;

import io.kafkaconnect.metronome.client.model.BillableMetric;
import io.kafkaconnect.metronome.client.model.CostBucket;
import io.kafkaconnect.metronome.client.model.CustomerDetail;
import io.kafkaconnect.metronome.client.model.Invoice;
import io.kafkaconnect.metronome.client.model.Page;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.io.CloseMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP client of the connectors: pooled connections, bearer auth, rate limiting, and retries with
 * exponential backoff and jitter ({@link Backoff}) on connection errors, 408, 429 and 5xx (honouring
 * {@code Retry-After}); through the configured proxy (else the JVM's), trusting the configured trust store (else the
 * JVM's).
 *
 * <p>Every request goes out on HttpClient 5's async client, so many can be in flight without a thread each
 * ({@link #executeAsync}); a blocking call ({@link #execute}) waits for the same future.
 */
public final class MetronomeClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MetronomeClient.class);

    private final MetronomeClientSettings settings;
    private final RequestRateLimiter rateLimiter;
    private final ClientStats stats = new ClientStats();
    private final CloseableHttpAsyncClient http;
    private final ScheduledExecutorService retryScheduler;
    /** Calls not yet answered, with their endpoint: close() fails them instead of leaving them hanging. */
    private final Map<CompletableFuture<?>, String> pending = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public MetronomeClient(MetronomeClientSettings settings) {
        this(settings, RequestRateLimiter.unlimited());
    }

    public MetronomeClient(MetronomeClientSettings settings, RequestRateLimiter rateLimiter) {
        this.settings = settings;
        this.rateLimiter = rateLimiter;
        this.http = new HttpClientFactory(settings).create();
        this.retryScheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "metronome-client-retry");
            t.setDaemon(true);
            return t;
        });
        http.start();
    }

    public ClientStats stats() {
        return stats;
    }

    // ---- the calls of the source connector (the sink builds its requests with MetronomeRequests) ----

    public Page<CustomerDetail> listCustomers(MetronomeRequests.CustomerQuery query) {
        return execute(MetronomeRequests.listCustomers(query));
    }

    public Page<BillableMetric> listBillableMetrics(String customerId, boolean includeArchived, Boolean onCurrentPlan,
                                                    Integer limit, String nextPage) {
        return execute(MetronomeRequests.listBillableMetrics(customerId, includeArchived, onCurrentPlan, limit, nextPage));
    }

    public Page<CostBucket> listCosts(String customerId, Instant startingOn, Instant endingBefore, Integer limit,
                                      String nextPage) {
        return execute(MetronomeRequests.listCosts(customerId, startingOn, endingBefore, limit, nextPage));
    }

    public Page<Invoice> listInvoices(String customerId, Instant startingOn, Integer limit, String nextPage) {
        return execute(MetronomeRequests.listInvoices(customerId, startingOn, limit, nextPage));
    }

    /**
     * Sends the request, retrying per the retry policy, and waits for the answer; throws the last error when it
     * gives up, or a {@link MetronomeTransportException} when interrupted or closed meanwhile.
     */
    public <T> T execute(ApiRequest<T> request) {
        CompletableFuture<T> call = executeAsync(request);
        try {
            return call.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(false); // no further attempt
            throw new MetronomeTransportException(request.endpoint(), e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof MetronomeException error ? error
                    : new MetronomeTransportException(request.endpoint(), e.getCause());
        }
    }

    /**
     * Sends the request with retries; waits for the rate limiter and for backoffs on a scheduler rather than a
     * parked thread. The future fails with a {@link MetronomeException}; after {@link #close()}, with a
     * {@link MetronomeTransportException}.
     *
     * <p>The future completes on the client's I/O thread: do not block in its non-async dependent stages
     * ({@code thenApply}, {@code whenComplete} ...), or every request of this client stalls meanwhile.
     */
    public <T> CompletableFuture<T> executeAsync(ApiRequest<T> request) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(closedError(request.endpoint()));
            return result;
        }
        pending.put(result, request.endpoint());
        result.whenComplete((value, error) -> pending.remove(result));
        attempt(request, 1, result);
        return result;
    }

    /** Takes a slot of the rate limiter, then sends; unless the caller gave up meanwhile. */
    private <T> void attempt(ApiRequest<T> request, int attempt, CompletableFuture<T> result) {
        if (result.isDone()) {
            return;
        }
        long waitNanos = rateLimiter.reserveNanos();
        if (waitNanos <= 0) {
            send(request, attempt, result);
            return;
        }
        schedule(() -> send(request, attempt, result), waitNanos, request, result);
    }

    private <T> void send(ApiRequest<T> request, int attempt, CompletableFuture<T> result) {
        stats.recordRequest();
        HttpClientContext context = HttpClientContext.create();
        try {
            http.execute(SimpleRequestProducer.create(HttpMessages.request(request, settings)),
                    SimpleResponseConsumer.create(), context, new FutureCallback<SimpleHttpResponse>() {
                        @Override
                        public void completed(SimpleHttpResponse response) {
                            finish(request, attempt, result,
                                    HttpMessages.outcome(request, response, answeredByProxy(context)));
                        }

                        @Override
                        public void failed(Exception e) {
                            finish(request, attempt, result, HttpMessages.Outcome.failure(
                                    new MetronomeTransportException(request.endpoint(), e), null));
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

    private <T> void finish(ApiRequest<T> request, int attempt, CompletableFuture<T> result,
                            HttpMessages.Outcome<T> outcome) {
        if (outcome.error() == null) {
            stats.recordSuccess();
            result.complete(outcome.value());
            return;
        }
        Duration delay = retryDelay(request, outcome, attempt);
        if (delay == null) {
            stats.recordFailure();
            result.completeExceptionally(outcome.error());
            return;
        }
        schedule(() -> attempt(request, attempt + 1, result), delay.toNanos(), request, result);
    }

    /** The wait before the next attempt, or null when the request must not be tried again. */
    private Duration retryDelay(ApiRequest<?> request, HttpMessages.Outcome<?> outcome, int attempt) {
        MetronomeException error = outcome.error();
        boolean retriable = outcome.serverSaysRetry() != null ? outcome.serverSaysRetry() : error.isRetriable();
        if (error instanceof MetronomeApiException.ServerErrorException && request.serverErrorsAreReplayed()) {
            retriable = false; // the same key would only replay this error; the caller retries under a new key
        }
        if (error instanceof MetronomeApiException.RateLimitedException) {
            stats.recordThrottled();
        }
        RetryPolicy policy = settings.retryPolicy();
        if (!retriable || !policy.allowsAnotherAttempt(attempt)) {
            return null;
        }
        Duration delay = policy.backoff().delay(attempt, error.retryAfter());
        stats.recordRetry();
        log.warn("{}; retrying in {} ms (attempt {} of {})", error.getMessage(), delay.toMillis(), attempt + 1,
                policy.maxAttempts());
        return delay;
    }

    private void schedule(Runnable next, long delayNanos, ApiRequest<?> request, CompletableFuture<?> result) {
        try {
            retryScheduler.schedule(next, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) { // closed meanwhile
            result.completeExceptionally(closedError(request.endpoint()));
        }
    }

    /**
     * An answer to an https call without a TLS session comes from the proxy: HttpClient returns the proxy's answer
     * to a refused CONNECT as the response, and only Metronome's answers travel inside the tunnel's TLS.
     */
    private boolean answeredByProxy(HttpClientContext context) {
        return "https".equalsIgnoreCase(settings.baseUrl().getScheme()) && context.getSSLSession() == null;
    }

    private static MetronomeTransportException closedError(String endpoint) {
        return new MetronomeTransportException(endpoint, new IOException("the client is closed"));
    }

    @Override
    public void close() {
        closed = true;
        retryScheduler.shutdownNow();
        http.close(CloseMode.GRACEFUL);
        // Requests waiting for a backoff or the rate limiter would otherwise never complete.
        pending.forEach((future, endpoint) -> future.completeExceptionally(closedError(endpoint)));
    }
}
