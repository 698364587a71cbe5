package io.kafkaconnect.metronome.client;

import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The two ways a caller gets its answer: the blocking {@link MetronomeClient#execute}, which throws the failure, and
 * the non-blocking {@link MetronomeClient#executeAsync}, whose future fails with it. Both send on the same async
 * client; tests run through both so that each way hands back the same errors.
 */
enum CallMode {
    SYNC {
        @Override
        <T> T call(MetronomeClient client, ApiRequest<T> request) {
            return client.execute(request);
        }
    },
    ASYNC {
        @Override
        <T> T call(MetronomeClient client, ApiRequest<T> request) {
            try {
                return client.executeAsync(request).get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | CompletionException e) {
                // Rethrow the MetronomeException the future failed with, as the blocking path would throw it.
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw new AssertionError("future failed with a checked exception", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            } catch (TimeoutException e) {
                throw new AssertionError("async request did not complete within 60 s", e);
            }
        }
    };

    abstract <T> T call(MetronomeClient client, ApiRequest<T> request);
}
