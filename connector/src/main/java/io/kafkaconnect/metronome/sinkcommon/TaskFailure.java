package io.kafkaconnect.metronome.sinkcommon;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first error after which the task cannot go on (a refused API token, a results topic that cannot be written,
 * a bad record without a dead-letter queue),
 * raised from any thread and thrown to Connect from the task thread at its next call.
 */
public final class TaskFailure {

    private static final Logger log = LoggerFactory.getLogger(TaskFailure.class);

    private final AtomicReference<Throwable> first = new AtomicReference<>();

    public void fail(Throwable error) {
        if (first.compareAndSet(null, error)) {
            log.error("The task cannot go on: {}", error.getMessage());
        }
    }

    public void throwIfFailed() {
        Throwable error = first.get();
        if (error != null) {
            throw error instanceof ConnectException ce ? ce : new ConnectException(error);
        }
    }
}
