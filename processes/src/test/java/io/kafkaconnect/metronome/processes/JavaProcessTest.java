package io.kafkaconnect.metronome.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaProcessTest {

    @TempDir
    Path dir;

    /** The child of {@link #aProcessThatRunsUntilKilledIsGoneOnceKillReturns}: prints a line, then waits forever. */
    public static final class RunsForever {
        public static void main(String[] args) throws InterruptedException {
            System.out.println("running");
            new CountDownLatch(1).await();
        }
    }

    @Test
    void outputGoesToTheLogAndAnExitedProcessIsReportedWithItsLog() {
        Path log = dir.resolve("logs").resolve("version.log");
        JavaProcess process = JavaProcess.start("java -version", List.of(), "", null, List.of("-version"), Map.of(), log);

        await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());

        assertThat(log).content().contains("version");
        assertThatThrownBy(process::checkAlive).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("java -version exited with code 0").hasMessageContaining(log.toString());
        process.close();
    }

    @Test
    void aProcessThatRunsUntilKilledIsGoneOnceKillReturns() {
        Path log = dir.resolve("forever.log");
        JavaProcess process = JavaProcess.start("runs forever", List.of("-Xmx32m"), System.getProperty("java.class.path"),
                RunsForever.class.getName(), List.of(), Map.of(), log);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(log) && Files.readString(log).contains("running"));
        process.checkAlive();

        process.kill();

        assertThat(process.isAlive()).isFalse();
        assertThat(ProcessHandle.of(process.pid()).map(ProcessHandle::isAlive)).isIn(java.util.Optional.empty(),
                java.util.Optional.of(false));
    }

    @Test
    void closeStopsARunningProcess() {
        JavaProcess process = JavaProcess.start("runs forever", List.of("-Xmx32m"), System.getProperty("java.class.path"),
                RunsForever.class.getName(), List.of(), Map.of(), dir.resolve("close.log"));
        process.checkAlive();

        process.close();

        assertThat(process.isAlive()).isFalse();
    }
}
