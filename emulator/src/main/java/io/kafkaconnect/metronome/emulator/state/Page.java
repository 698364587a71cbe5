package io.kafkaconnect.metronome.emulator.state;

import java.util.List;

/** One page of a listing; {@code hasMore} tells whether a next page exists. */
public record Page<T>(List<T> items, boolean hasMore) {

    /** Builds a page from up to {@code limit + 1} collected items: the extra one only proves there is more. */
    public static <T> Page<T> fromOverfetch(List<T> collected, int limit) {
        if (collected.size() > limit) {
            return new Page<>(List.copyOf(collected.subList(0, limit)), true);
        }
        return new Page<>(List.copyOf(collected), false);
    }
}
