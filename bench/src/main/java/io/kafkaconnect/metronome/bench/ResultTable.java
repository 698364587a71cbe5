package io.kafkaconnect.metronome.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The figures of a run, printed as one Markdown table plus what each number includes. */
final class ResultTable {

    private final List<Figure> figures = new ArrayList<>();

    Figure figure(String section, String name, String unit, String includes) {
        Figure figure = new Figure(section, name, unit, includes);
        figures.add(figure);
        return figure;
    }

    void print(PrintStream out) {
        out.println("| section | figure | median | spread (min–max) | unit | runs |");
        out.println("|---|---|---:|---|---|---:|");
        for (Figure f : figures) {
            if (f.repetitions() == 0) {
                continue;
            }
            out.printf("| %s | %s | %s | %s–%s | %s | %d |%n", f.section(), f.name(), Figure.format(f.median()),
                    Figure.format(f.min()), Figure.format(f.max()), f.unit(), f.repetitions());
        }
        out.println();
        out.println("What each figure includes:");
        for (Figure f : figures) {
            if (f.repetitions() > 0 && f.includes() != null) {
                out.printf("- %s / %s: %s%n", f.section(), f.name(), f.includes());
            }
        }
    }
}
