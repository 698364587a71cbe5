package io.kafkaconnect.metronome.quickstart;

import java.nio.file.Path;
import java.time.Duration;

/** Command-line options of {@link Quickstart}. */
record QuickstartOptions(Path workDir, boolean untilComplete, Duration timeout, Path summary, boolean publishCommands,
        boolean warehouse) {

    static final String USAGE = """
            usage: quickstart.sh [--work-dir <dir>] [--until-complete] [--timeout <seconds>] [--summary <file>]
                                 [--publish-commands] [--warehouse]
              --work-dir <dir>      logs and data of the child processes (default .quickstart); wiped at start
              --until-complete      exit 0 once every stream delivered a record and every demo command has a
                                    result, 1 on timeout (default: run until Ctrl-C)
              --timeout <seconds>   for --until-complete (default 300)
              --summary <file>      where to write the JSON summary on exit (default <work-dir>/summary.json)
              --publish-commands    with METRONOME_API_URL set: publish the demo commands to that Metronome too
                                    (they create, rename and archive customers there)
              --warehouse           also run Apache Iceberg's sink (config/warehouse/iceberg-sink.json) into
                                    tables under <work-dir>/warehouse and print the cost per customer per day
                                    read back from them after every commit; with --until-complete, also wait
                                    until that table equals the latest record per key of the costs topic
            """;

    static QuickstartOptions parse(String[] args) {
        Path workDir = Path.of(".quickstart");
        boolean untilComplete = false;
        Duration timeout = Duration.ofSeconds(300);
        Path summary = null;
        boolean publishCommands = false;
        boolean warehouse = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--work-dir" -> workDir = Path.of(value(args, ++i));
                case "--until-complete" -> untilComplete = true;
                case "--timeout" -> timeout = Duration.ofSeconds(Long.parseLong(value(args, ++i)));
                case "--summary" -> summary = Path.of(value(args, ++i));
                case "--publish-commands" -> publishCommands = true;
                case "--warehouse" -> warehouse = true;
                case "--help", "-h" -> throw new IllegalArgumentException("Options:");
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        workDir = workDir.toAbsolutePath().normalize();
        return new QuickstartOptions(workDir, untilComplete, timeout,
                summary == null ? workDir.resolve("summary.json") : summary.toAbsolutePath(), publishCommands,
                warehouse);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
