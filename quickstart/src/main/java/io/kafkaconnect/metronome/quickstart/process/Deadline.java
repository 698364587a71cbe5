package io.kafkaconnect.metronome.quickstart.process;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a condition until it holds or a deadline passes; the last failure explains a timeout. */
public final class Deadline {

    private static final long POLL_MILLIS = 250;

    private Deadline() {
    }

    /**
     * Calls {@code attempt} until it returns a non-null value. Exceptions count as "not yet", except a FAILED connector;
     * {@code alive} is
     * checked between attempts so that a crashed process fails fast instead of at the deadline.
     */
    public static <T> T await(String what, Duration timeout, Runnable alive, Callable<T> attempt)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < end) {
            alive.run();
            try {
                T result = attempt.call();
                if (result != null) {
                    return result;
                }
            } catch (InterruptedException | ConnectRestClient.ConnectorFailedException e) {
                throw e;
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(POLL_MILLIS);
        }
        IllegalStateException timedOut = new IllegalStateException("Timed out after " + timeout + " waiting for " + what
                + (last == null ? "" : ": " + last.getMessage()));
        if (last != null) {
            timedOut.addSuppressed(last);
        }
        throw timedOut;
    }

    /** {@link #await}s a process just started until it is ready; closes it when it is not, so none is left running. */
    static <T extends AutoCloseable> T awaitReady(T started, String what, Duration timeout, Runnable alive,
                                                  Callable<?> ready) throws InterruptedException {
        try {
            await(what, timeout, alive, ready);
            return started;
        } catch (RuntimeException | InterruptedException e) {
            try {
                started.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }
}
