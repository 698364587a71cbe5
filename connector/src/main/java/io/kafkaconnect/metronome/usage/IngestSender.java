package io.kafkaconnect.metronome.usage;

import static io.kafkaconnect.metronome.client.Failures.unwrap;

import io.kafkaconnect.metronome.client.Backoff;
import io.kafkaconnect.metronome.client.Failures;
import io.kafkaconnect.metronome.client.MetronomeApiException;
import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.MetronomeException;
import io.kafkaconnect.metronome.client.MetronomeRequests;
import io.kafkaconnect.metronome.config.MetronomeConnectionConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one batch to {@code POST /v1/ingest} until Metronome has every event of it or has refused them one by
 * one. No Idempotency-Key: Metronome ignores an event whose transaction_id it has seen, so sending a batch again is
 * safe, and a key would only make Metronome replay a stored 5xx.
 * <ul>
 *   <li>Success: every event of the batch is acknowledged.</li>
 *   <li>Transient failure (429, 5xx, no answer; after the client's own retries): the batch is sent again after
 *       the backoff, or exactly after the server's Retry-After, for as long as it takes.</li>
 *   <li>400/422: one or more events are invalid and Metronome stored none. A batch of several is split in halves,
 *       delivered one after the other, until each refused event is alone; a refused lone event is
 *       {@link Outcomes#refused refused} with Metronome's status and message, the others are delivered.</li>
 *   <li>401, 403 or any other answer: the task cannot go on ({@link Outcomes#failed}); nothing is acknowledged.</li>
 * </ul>
 */
final class IngestSender {

    /** Where the events of a batch end up; called on the client's threads. */
    interface Outcomes {
        void acknowledged(UsageBatch batch);

        void refused(ParsedEvent event, UsageRejection reason);

        void failed(ConnectException error);
    }

    private static final Logger log = LoggerFactory.getLogger(IngestSender.class);

    private final MetronomeClient client;
    private final ScheduledExecutorService scheduler;
    private final Backoff backoff;
    private final Outcomes outcomes;
    private final BooleanSupplier running;

    /** @param running false once the task stops: no further attempt is made */
    IngestSender(MetronomeClient client, ScheduledExecutorService scheduler, Backoff backoff, Outcomes outcomes,
                 BooleanSupplier running) {
        this.client = client;
        this.scheduler = scheduler;
        this.backoff = backoff;
        this.outcomes = outcomes;
        this.running = running;
    }

    /** Delivers the batch; the future completes when every event of it is acknowledged, refused or given up. */
    CompletableFuture<Void> deliver(UsageBatch batch) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        attempt(batch, 1, done);
        return done;
    }

    private void attempt(UsageBatch batch, int attempt, CompletableFuture<Void> done) {
        if (!running.getAsBoolean()) {
            done.complete(null); // stopping: the events stay uncommitted and come again
            return;
        }
        CompletableFuture<Void> call;
        try {
            call = client.executeAsync(MetronomeRequests.ingest(batch.body()));
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        call.whenComplete((ignored, error) -> {
            if (error == null) {
                outcomes.acknowledged(batch);
                done.complete(null);
            } else {
                failedAttempt(batch, attempt, unwrap(error), done);
            }
        });
    }

    private void failedAttempt(UsageBatch batch, int attempt, Throwable cause, CompletableFuture<Void> done) {
        switch (Failures.kind(cause)) {
            case TRANSIENT -> retryLater(batch, attempt, (MetronomeException) cause, done);
            case REFUSED -> {
                if (cause instanceof MetronomeApiException.BadRequestException refusal) {
                    refused(batch, refusal, done);
                } else {
                    fail(new ConnectException("Metronome answered an ingest request with HTTP "
                            + ((MetronomeApiException) cause).status() + ": " + cause.getMessage(), cause), done);
                }
            }
            case TOKEN_REFUSED -> fail(new ConnectException("Metronome refused the API token (" + cause.getMessage()
                    + "); check " + MetronomeConnectionConfig.API_TOKEN, cause), done);
            case FORBIDDEN -> fail(new ConnectException("The API token may not ingest usage events ("
                    + cause.getMessage() + "); give " + MetronomeConnectionConfig.API_TOKEN + " that permission",
                    cause), done);
            default -> fail(new ConnectException("Ingesting usage events failed unexpectedly", cause), done);
        }
    }

    private void refused(UsageBatch batch, MetronomeApiException refusal, CompletableFuture<Void> done) {
        if (batch.size() == 1) {
            outcomes.refused(batch.events().get(0), new UsageRejection("Metronome refused the event with HTTP "
                    + refusal.status() + ": " + refusal.apiMessage()));
            done.complete(null);
            return;
        }
        List<UsageBatch> halves = batch.halves();
        log.debug("Metronome refused a batch of {} events ({}); sending it again in halves", batch.size(),
                refusal.apiMessage());
        deliver(halves.get(0)).thenCompose(first -> deliver(halves.get(1)))
                .whenComplete((ignored, error) -> done.complete(null));
    }

    private void retryLater(UsageBatch batch, int attempt, MetronomeException failure, CompletableFuture<Void> done) {
        Duration delay = backoff.delay(attempt, failure.retryAfter());
        log.info("A batch of {} usage events failed transiently, sending it again in {} ms: {}", batch.size(),
                delay.toMillis(), failure.getMessage());
        try {
            scheduler.schedule(() -> attempt(batch, attempt + 1, done), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            done.complete(null); // the task is stopping; the events stay uncommitted
        }
    }

    private void fail(ConnectException error, CompletableFuture<Void> done) {
        outcomes.failed(error);
        done.complete(null);
    }
}
