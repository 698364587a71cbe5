package io.kafkaconnect.metronome.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** One measured quantity over its repetitions: printed as median and spread (min–max). */
final class Figure {

    private final String section;
    private final String name;
    private final String unit;
    private final String includes;
    private final List<Double> values = new ArrayList<>();

    Figure(String section, String name, String unit, String includes) {
        this.section = section;
        this.name = name;
        this.unit = unit;
        this.includes = includes;
    }

    Figure add(double value) {
        values.add(value);
        return this;
    }

    String section() {
        return section;
    }

    String name() {
        return name;
    }

    String unit() {
        return unit;
    }

    String includes() {
        return includes;
    }

    int repetitions() {
        return values.size();
    }

    double median() {
        List<Double> sorted = sorted();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    double min() {
        return sorted().get(0);
    }

    double max() {
        return sorted().get(values.size() - 1);
    }

    private List<Double> sorted() {
        if (values.isEmpty()) {
            throw new IllegalStateException(name + " has no measurement");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted;
    }

    /** Three significant figures, plain notation. */
    static String format(double value) {
        double magnitude = Math.abs(value);
        if (magnitude >= 100 || value == Math.rint(value) && magnitude < 1e6) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (magnitude >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (magnitude >= 1) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
