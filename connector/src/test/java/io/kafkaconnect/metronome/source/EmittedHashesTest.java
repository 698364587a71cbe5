package io.kafkaconnect.metronome.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmittedHashesTest {

    @Test
    void remembersTheLastHashOfEachIdAcrossGrowth() {
        EmittedHashes hashes = new EmittedHashes();
        for (int i = 0; i < 20_000; i++) {
            hashes.put("customer-" + i, i * 31L);
        }
        hashes.put("customer-7", 99L);

        assertThat(hashes.size()).isEqualTo(20_000);
        assertThat(hashes.get("customer-19999")).isEqualTo(19999 * 31L);
        assertThat(hashes.get("customer-7")).isEqualTo(99L);
        assertThat(hashes.changed("customer-7", 99L)).isFalse();
        assertThat(hashes.changed("customer-7", 7 * 31L)).isTrue();
        assertThat(hashes.contains("customer-20000")).isFalse();
        assertThat(hashes.changed("customer-20000", 0L)).isTrue();
    }

    @Test
    void contentHashIgnoresMapOrderButNotContent() {
        var a = new java.util.LinkedHashMap<String, String>();
        a.put("x", "1");
        a.put("y", "2");
        var b = new java.util.LinkedHashMap<String, String>();
        b.put("y", "2");
        b.put("x", "1");

        assertThat(ContentHash.of(a)).isEqualTo(ContentHash.of(b));
        b.put("x", "3");
        assertThat(ContentHash.of(a)).isNotEqualTo(ContentHash.of(b));
    }
}
