package io.kafkaconnect.metronome.emulator.state;

import java.util.List;

/** One page of a listing; {@code hasMore} tells whether a next page exists. */
public record ListPage<T>(List<T> items, boolean hasMore) {

    /** Builds a page from up to {@code limit + 1} collected items: the extra one only proves there is more. */
    public static <T> ListPage<T> fromOverfetch(List<T> collected, int limit) {
        if (collected.size() > limit) {
            return new ListPage<>(List.copyOf(collected.subList(0, limit)), true);
        }
        return new ListPage<>(List.copyOf(collected), false);
    }
}
