package io.kafkaconnect.metronome.emulator.http;

import io.kafkaconnect.metronome.emulator.ApiException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decoded query parameters. A repeated parameter is joined with commas, so array filters work both
 * the SDK way ({@code ids=a,b}) and the repeated way ({@code ids=a&ids=b}).
 */
public final class QueryParams {
    private final Map<String, String> values;

    private QueryParams(Map<String, String> values) {
        this.values = values;
    }

    public static QueryParams parse(String rawQuery) {
        Map<String, String> values = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                values.merge(name, value, (first, next) -> first + "," + next);
            }
        }
        return new QueryParams(values);
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public boolean bool(String name, boolean defaultValue) {
        String value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        if (value.equals("true") || value.equals("false")) {
            return Boolean.parseBoolean(value);
        }
        throw ApiException.badRequest(name + " must be true or false");
    }

    /** An integer within [min, max], or the default when absent. */
    public int intInRange(String name, int min, int max, int defaultValue) {
        String value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException notAnInteger) {
            // reported below, like an out-of-range value
        }
        throw ApiException.badRequest(name + " must be an integer between " + min + " and " + max);
    }

    /** A comma-separated list of at most {@code maxItems} non-empty values, or empty when absent. */
    public Optional<List<String>> list(String name, int maxItems) {
        String value = values.get(name);
        if (value == null) {
            return Optional.empty();
        }
        List<String> items = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (items.size() > maxItems) {
            throw ApiException.badRequest(name + " accepts at most " + maxItems + " values");
        }
        return Optional.of(items);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badEscape) {
            throw ApiException.badRequest("Malformed query string");
        }
    }
}
