package io.kafkaconnect.metronome.sink;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs asynchronous jobs one lane (customer) at a time, in submission order, and up to {@code maxInFlight} lanes
 * at once: the next job of a lane starts when the previous one has finished, and a lane whose turn it is waits
 * for a free slot in first-come order. Jobs start outside the lock, so a job that completes at once cannot
 * re-enter it.
 */
final class CustomerLanes {

    private final int maxInFlight;
    private final Map<String, ArrayDeque<Supplier<CompletableFuture<?>>>> lanes = new HashMap<>();
    private final ArrayDeque<String> waitingForSlot = new ArrayDeque<>();
    private int inFlight;
    private int pending;

    CustomerLanes(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    /** Queues {@code job} behind the lane's earlier jobs; it runs once they have finished and a slot is free. */
    void submit(String lane, Supplier<CompletableFuture<?>> job) {
        synchronized (this) {
            pending++;
            ArrayDeque<Supplier<CompletableFuture<?>>> queue = lanes.get(lane);
            if (queue != null) {
                queue.add(job); // runs when the lane's running job finishes
                return;
            }
            queue = new ArrayDeque<>();
            queue.add(job);
            lanes.put(lane, queue);
            waitingForSlot.add(lane);
        }
        startWhatFits();
    }

    /** Jobs submitted and not finished yet, running or queued. */
    synchronized int pending() {
        return pending;
    }

    /** Jobs running now. */
    synchronized int inFlight() {
        return inFlight;
    }

    /** Waits up to {@code timeout} until fewer than {@code bound} jobs are pending; returns whether they are. */
    synchronized boolean awaitPendingBelow(int bound, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending >= bound) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /**
     * Starts queued jobs while slots are free. A job that is done as soon as it starts (a skipped command) is
     * accounted for in this loop rather than from its completion callback: a callback would start the next job
     * one stack frame deeper, and a long run of such jobs would overflow the stack.
     */
    private void startWhatFits() {
        while (true) {
            List<Map.Entry<String, Supplier<CompletableFuture<?>>>> toStart = new ArrayList<>();
            synchronized (this) {
                while (inFlight < maxInFlight && !waitingForSlot.isEmpty()) {
                    String lane = waitingForSlot.poll();
                    inFlight++;
                    toStart.add(Map.entry(lane, lanes.get(lane).peek()));
                }
            }
            if (toStart.isEmpty()) {
                return;
            }
            for (Map.Entry<String, Supplier<CompletableFuture<?>>> start : toStart) {
                String lane = start.getKey();
                CompletableFuture<?> running = run(start.getValue());
                if (running.isDone()) {
                    finished(lane);
                } else {
                    running.whenComplete((ignored, error) -> {
                        finished(lane);
                        startWhatFits();
                    });
                }
            }
        }
    }

    private static CompletableFuture<?> run(Supplier<CompletableFuture<?>> job) {
        try {
            return job.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e); // the job reports its own failures; the lane moves on
        }
    }

    private synchronized void finished(String lane) {
        inFlight--;
        pending--;
        ArrayDeque<Supplier<CompletableFuture<?>>> queue = lanes.get(lane);
        queue.poll();
        if (queue.isEmpty()) {
            lanes.remove(lane);
        } else {
            waitingForSlot.add(lane);
        }
        notifyAll();
    }
}
