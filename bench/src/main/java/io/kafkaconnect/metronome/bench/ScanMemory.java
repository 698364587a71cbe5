package io.kafkaconnect.metronome.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Memory: peak heap of a source task during a full customers scan, and bytes per customer of its state. */
final class ScanMemory {

    static final String SECTION = "memory";

    private final EmulatorProcess emulator;
    private final int customers;
    private final String taskHeap;

    ScanMemory(EmulatorProcess emulator, int customers, String taskHeap) {
        this.emulator = emulator;
        this.customers = customers;
        this.taskHeap = taskHeap;
    }

    void run(ResultTable table, int runs) throws IOException, InterruptedException {
        String n = String.format("%,d", customers);
        String setup = "one task alone in a JVM with -Xmx" + taskHeap + " (emulator in another JVM), first scan of " + n
                + " customers, no added latency";
        Figure peakUsed = table.figure(SECTION, "peak heap used during the scan (garbage included)", "MB", setup);
        Figure peakLive = table.figure(SECTION, "peak live heap (after a collection)", "MB", null);
        Figure perCustomer = table.figure(SECTION, "task state per customer", "bytes",
                "heap after a full GC with the task alive at the end of the scan, minus before it started, / " + n);
        Figure seconds = table.figure(SECTION, "scan time of " + n + " customers", "s", null);
        emulator.reset();
        emulator.seedCustomers(customers, "customer ", "alias-");
        emulator.latency(0);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process probe = new ProcessBuilder(List.of(java, "-Xmx" + taskHeap, "-cp", System.getProperty("java.class.path"),
                ScanMemoryProbe.class.getName(), emulator.baseUrl(), String.valueOf(runs)))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(probe.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                String[] f = line.trim().split(" ");
                seconds.add(Double.parseDouble(f[0]));
                peakUsed.add(Long.parseLong(f[1]) / 1e6);
                peakLive.add(Long.parseLong(f[2]) / 1e6);
                perCustomer.add(Long.parseLong(f[3]) / (double) customers);
                Progress.log("memory scan %d: %s s, peak %s MB, live %s MB, %s bytes/customer",
                        seconds.repetitions(), f[0], Figure.format(Long.parseLong(f[1]) / 1e6),
                        Figure.format(Long.parseLong(f[2]) / 1e6), Figure.format(Long.parseLong(f[3]) / (double) customers));
            }
        }
        if (probe.waitFor() != 0 || seconds.repetitions() != runs) {
            throw new IllegalStateException("the memory probe failed (exit " + probe.exitValue() + ")");
        }
    }
}
