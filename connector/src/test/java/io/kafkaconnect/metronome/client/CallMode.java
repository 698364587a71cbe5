package io.kafkaconnect.metronome.client;

import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The two ways a request goes out: the blocking {@link MetronomeClient#execute} and the non-blocking
 * {@link MetronomeClient#executeAsync}. Tests run through both, since each has its own send, parse and
 * retry code.
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
