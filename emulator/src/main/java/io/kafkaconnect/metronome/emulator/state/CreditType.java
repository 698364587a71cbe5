package io.kafkaconnect.metronome.emulator.state;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/** A pricing unit: Metronome's default US cents, or a custom unit (e.g. "credits") a rate is priced in. */
public record CreditType(String id, String name) {
    public static final CreditType USD_CENTS = new CreditType("2714e483-4ff1-48e4-9e25-ac732e8f24f2", "USD (cents)");

    public CreditType {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
    }

    /**
     * The custom pricing unit called {@code name}; its id is derived from the name, so every plan naming the same
     * unit prices in the same credit type. "USD (cents)" is the default unit itself.
     */
    public static CreditType named(String name) {
        if (name.equals(USD_CENTS.name)) {
            return USD_CENTS;
        }
        return new CreditType(UUID.nameUUIDFromBytes(("credit-type:" + name).getBytes(StandardCharsets.UTF_8))
                .toString(), name);
    }
}
