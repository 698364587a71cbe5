package io.kafkaconnect.metronome.emulator.state;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Random version-4 UUIDs without SecureRandom, so seeding a million customers stays fast. */
public final class IdGenerator {
    private IdGenerator() {
    }

    public static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
