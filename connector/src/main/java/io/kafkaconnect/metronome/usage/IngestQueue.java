package io.kafkaconnect.metronome.usage;

import io.kafkaconnect.metronome.sinkcommon.Backpressure;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.concurrent.CompletableFuture;

/**
 * The batches of a task on their way to Metronome: sent in order, up to {@code usage.max.in.flight} at once, the
 * rest waiting here. Counts the events it holds (waiting or in flight) for {@link Backpressure}.
 */
final class IngestQueue implements Backpressure.Pending {

    private final Function<UsageBatch, CompletableFuture<Void>> delivery;
    private final int maxInFlight;
    private final ArrayDeque<UsageBatch> waiting = new ArrayDeque<>();
    private int inFlight;
    private int events;
    private boolean stopped;

    /** @param delivery delivers a batch; its future completes when the batch is done with */
    IngestQueue(Function<UsageBatch, CompletableFuture<Void>> delivery, int maxInFlight) {
        this.delivery = delivery;
        this.maxInFlight = maxInFlight;
    }

    void submit(UsageBatch batch) {
        synchronized (this) {
            if (stopped) {
                return;
            }
            waiting.add(batch);
            events += batch.size();
        }
        sendWhatFits();
    }

    /** Events submitted and not done with yet. */
    @Override
    public synchronized int pending() {
        return events;
    }

    /** Requests on the wire (or waiting for a retry) now. */
    synchronized int inFlight() {
        return inFlight;
    }

    @Override
    public synchronized boolean awaitPendingBelow(int bound, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (events >= bound) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** Sends nothing more; what waits is dropped (its offsets stay uncommitted). */
    synchronized void stop() {
        stopped = true;
        events -= waiting.stream().mapToInt(UsageBatch::size).sum();
        waiting.clear();
        notifyAll();
    }

    private void sendWhatFits() {
        while (true) {
            UsageBatch next;
            synchronized (this) {
                if (stopped || inFlight >= maxInFlight || waiting.isEmpty()) {
                    return;
                }
                next = waiting.poll();
                inFlight++;
            }
            delivery.apply(next).whenComplete((ignored, error) -> done(next));
        }
    }

    private void done(UsageBatch batch) {
        synchronized (this) {
            inFlight--;
            events -= batch.size();
            notifyAll();
        }
        sendWhatFits();
    }
}
