package io.kafkaconnect.metronome.quickstart;

import java.nio.file.Path;
import java.time.Duration;

/** Command-line options of {@link Quickstart}. */
record QuickstartOptions(Path workDir, boolean untilComplete, Duration timeout, Path summary, boolean publishCommands) {

    static final String USAGE = """
            usage: quickstart.sh [--work-dir <dir>] [--until-complete] [--timeout <seconds>] [--summary <file>]
                                 [--publish-commands]
              --work-dir <dir>      logs and data of the child processes (default .quickstart); wiped at start
              --until-complete      exit 0 once every stream delivered a record and every demo command has a
                                    result, 1 on timeout (default: run until Ctrl-C)
              --timeout <seconds>   for --until-complete (default 300)
              --summary <file>      where to write the JSON summary on exit (default <work-dir>/summary.json)
              --publish-commands    with METRONOME_API_URL set: publish the demo commands to that Metronome too
                                    (they create, rename and archive customers there)
            """;

    static QuickstartOptions parse(String[] args) {
        Path workDir = Path.of(".quickstart");
        boolean untilComplete = false;
        Duration timeout = Duration.ofSeconds(300);
        Path summary = null;
        boolean publishCommands = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--work-dir" -> workDir = Path.of(value(args, ++i));
                case "--until-complete" -> untilComplete = true;
                case "--timeout" -> timeout = Duration.ofSeconds(Long.parseLong(value(args, ++i)));
                case "--summary" -> summary = Path.of(value(args, ++i));
                case "--publish-commands" -> publishCommands = true;
                case "--help", "-h" -> throw new IllegalArgumentException("Options:");
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        workDir = workDir.toAbsolutePath().normalize();
        return new QuickstartOptions(workDir, untilComplete, timeout,
                summary == null ? workDir.resolve("summary.json") : summary.toAbsolutePath(), publishCommands);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
