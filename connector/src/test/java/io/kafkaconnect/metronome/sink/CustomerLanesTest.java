package io.kafkaconnect.metronome.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CustomerLanesTest {

    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(4);

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    /** A job that finishes after a random few milliseconds, recording when it ran and how many ran at once. */
    private CompletableFuture<?> job(String lane, int seq, Map<String, List<Integer>> runs, AtomicInteger running,
                                     AtomicInteger maxRunning, Map<String, AtomicInteger> perLaneRunning) {
        int now = running.incrementAndGet();
        maxRunning.accumulateAndGet(now, Math::max);
        assertThat(perLaneRunning.computeIfAbsent(lane, l -> new AtomicInteger()).incrementAndGet())
                .as("jobs of lane %s running at once", lane).isEqualTo(1);
        runs.computeIfAbsent(lane, l -> Collections.synchronizedList(new ArrayList<>())).add(seq);
        CompletableFuture<Void> done = new CompletableFuture<>();
        timer.schedule(() -> {
            perLaneRunning.get(lane).decrementAndGet();
            running.decrementAndGet();
            done.complete(null);
        }, ThreadLocalRandom.current().nextInt(0, 4), TimeUnit.MILLISECONDS);
        return done;
    }

    @Test
    void keepsOrderPerLaneAndRunsLanesConcurrentlyUpToTheLimit() {
        CustomerLanes lanes = new CustomerLanes(8);
        Map<String, List<Integer>> runs = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> perLane = new ConcurrentHashMap<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        Map<String, Integer> submitted = new HashMap<>();
        for (int i = 0; i < 2_000; i++) {
            String lane = "c" + ThreadLocalRandom.current().nextInt(50);
            int seq = submitted.merge(lane, 1, Integer::sum);
            lanes.submit(lane, () -> job(lane, seq, runs, running, maxRunning, perLane));
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> lanes.pending() == 0);

        submitted.forEach((lane, count) -> assertThat(runs.get(lane))
                .as("lane %s in submission order", lane)
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, count).boxed().toList()));
        assertThat(maxRunning.get()).as("most jobs at once").isLessThanOrEqualTo(8);
        assertThat(lanes.inFlight()).isZero();
    }

    @Test
    void runsLanesConcurrentlyUpToTheLimitAndStartsTheNextWhenOneFinishes() {
        CustomerLanes lanes = new CustomerLanes(8);
        List<CompletableFuture<Void>> started = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 20; i++) {
            lanes.submit("lane" + i, () -> {
                CompletableFuture<Void> job = new CompletableFuture<>();
                started.add(job);
                return job;
            });
        }
        assertThat(started).as("jobs of distinct lanes running at once").hasSize(8);
        assertThat(lanes.inFlight()).isEqualTo(8);

        started.get(0).complete(null);

        assertThat(started).as("the next job starts as one finishes").hasSize(9);
        assertThat(lanes.inFlight()).isEqualTo(8);
        for (int i = 0; i < 20; i++) {
            started.get(i).complete(null);
        }
        assertThat(lanes.pending()).isZero();
    }

    @Test
    void aFailedJobDoesNotBlockItsLane() {
        CustomerLanes lanes = new CustomerLanes(1);
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        lanes.submit("a", () -> {
            ran.add("first");
            throw new IllegalStateException("boom");
        });
        lanes.submit("a", () -> {
            ran.add("second");
            return CompletableFuture.failedFuture(new IllegalStateException("boom"));
        });
        lanes.submit("a", () -> {
            ran.add("third");
            return CompletableFuture.completedFuture(null);
        });

        assertThat(ran).containsExactly("first", "second", "third");
        assertThat(lanes.pending()).isZero();
    }

    @Test
    void jobsThatFinishAtOnceRunWithoutGrowingTheStack() {
        CustomerLanes lanes = new CustomerLanes(4);
        CompletableFuture<Void> gate = new CompletableFuture<>();
        AtomicInteger ran = new AtomicInteger();
        lanes.submit("a", () -> gate);
        for (int i = 0; i < 50_000; i++) {
            lanes.submit("a", () -> {
                ran.incrementAndGet();
                return CompletableFuture.completedFuture(null); // e.g. a command of a revoked partition, skipped
            });
        }

        gate.complete(null);

        assertThat(ran.get()).isEqualTo(50_000);
        assertThat(lanes.pending()).isZero();
        assertThat(lanes.inFlight()).isZero();
    }

    @Test
    void waitsForPendingJobsToDrain() throws InterruptedException {
        CustomerLanes lanes = new CustomerLanes(2);
        CompletableFuture<Void> gate = new CompletableFuture<>();
        for (int i = 0; i < 5; i++) {
            lanes.submit("lane" + i, () -> gate);
        }
        assertThat(lanes.pending()).isEqualTo(5);
        assertThat(lanes.inFlight()).isEqualTo(2);
        assertThat(lanes.awaitPendingBelow(5, Duration.ofMillis(50))).isFalse();

        gate.complete(null);

        assertThat(lanes.awaitPendingBelow(1, Duration.ofSeconds(30))).isTrue();
    }
}
