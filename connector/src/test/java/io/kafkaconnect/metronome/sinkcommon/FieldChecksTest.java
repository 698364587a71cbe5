package io.kafkaconnect.metronome.sinkcommon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FieldChecksTest {

    @ParameterizedTest
    @ValueSource(strings = {"2024-05-01T12:00:00Z", "2024-05-01T12:00:00.123Z", "2024-05-01T12:00:00.123456789Z",
            "2024-05-01T12:00:00+02:00", "2024-05-01T12:00:00-07:30", "2024-05-01T12:00:00.5-00:00",
            "2024-02-29T23:59:59Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59+17:59"})
    void takesTheCommonShapeWithoutTheFormatterAndTheFormatterAgrees(String text) {
        assertThat(FieldChecks.plainlyValid(text)).isTrue();
        assertThat(formatterAccepts(text)).isTrue();
        assertThat(FieldChecks.isRfc3339(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-05-01", "2024-05-01T12:00:00", "2024-05-01 12:00:00Z", "2023-02-29T12:00:00Z",
            "2024-04-31T12:00:00Z", "2024-13-01T12:00:00Z", "2024-00-01T12:00:00Z", "2024-05-00T12:00:00Z",
            "2024-05-01T24:00:00Z", "2024-05-01T12:60:00Z", "2024-05-01T12:00:60Z", "2024-05-01T12:00:00.Z",
            "2024-05-01T12:00:00.1234567890Z", "2024-05-01T12:00:00+19:00", "2024-05-01T12:00:00+0200",
            "2024-05-01T12:00:00z", "+2024-05-01T12:00:00Z", "2024-5-01T12:00:00Z", "１２３４-05-01T12:00:00Z",
            "2024-05-01T12:00:00ZZ", ""})
    void answersAsTheFormatterForEverythingElse(String text) {
        assertThat(FieldChecks.plainlyValid(text)).isFalse();
        assertThat(FieldChecks.isRfc3339(text)).isEqualTo(formatterAccepts(text));
    }

    /** Random edits of valid timestamps: the fast path never accepts what the formatter refuses. */
    @Test
    void neverAcceptsWhatTheFormatterRefuses() {
        Random random = new Random(13);
        String alphabet = "0123456789-:T.Z+ zt9";
        List<String> seeds = List.of("2024-05-01T12:00:00Z", "2024-02-29T23:59:59.999+05:30", "1999-12-31T00:00:00-17:00");
        List<String> disagreements = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                int at = random.nextInt(text.length());
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> text.setCharAt(at, c);
                    case 1 -> text.insert(at, c);
                    default -> text.deleteCharAt(at);
                }
            }
            String candidate = text.toString();
            if (FieldChecks.isRfc3339(candidate) != formatterAccepts(candidate)) {
                disagreements.add(candidate);
            }
        }
        assertThat(disagreements).isEmpty();
    }

    private static boolean formatterAccepts(String text) {
        try {
            OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
