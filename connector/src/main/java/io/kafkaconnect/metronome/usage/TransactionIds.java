package io.kafkaconnect.metronome.usage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The transaction_id of an event whose record has none: a function of topic, partition and offset only, so a
 * record delivered again (a retry, a rebalance, a restart, an offsets reset) is the same event to Metronome, which
 * ignores it as a duplicate. {@code kafka:<topic>:<partition>:<offset>}, at most 128 characters: a topic too long
 * for that is replaced by {@code sha256-} and the first 32 hex digits of its SHA-256.
 *
 * <p>Recreating a topic restarts its offsets: its events would then get ids Metronome has seen. Give such events a
 * transaction_id of their own.
 */
public final class TransactionIds {

    static final String PREFIX = "kafka:";

    private TransactionIds() {
    }

    public static String derived(String topic, int partition, long offset) {
        String suffix = ":" + partition + ":" + offset;
        String id = PREFIX + topic + suffix;
        if (id.length() <= UsageLimits.MAX_FIELD_LENGTH) { // topic names are ASCII
            return id;
        }
        return PREFIX + "sha256-" + HexFormat.of().formatHex(sha256(topic), 0, 16) + suffix;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
