package io.kafkaconnect.metronome.client.model;

import java.util.List;

/** One page of a cursor-paginated list; {@code nextPage} is null on the last page. */
public record Page<T>(List<T> data, String nextPage) {

    public boolean isLast() {
        return nextPage == null || nextPage.isEmpty();
    }
}
