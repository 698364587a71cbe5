package io.kafkaconnect.metronome.emulator.contract;

import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The contract cases under {@code src/test/resources/contract}: each runs against a fresh emulator, and, when
 * {@code METRONOME_CONTRACT_BASE_URL} and {@code METRONOME_CONTRACT_TOKEN} are set, against that Metronome too.
 */
class ContractTest {
    static final int MIN_CASES_PER_ROUTE = 3;
    private static final String TOKEN = "contract-token";

    @TestFactory
    Stream<DynamicTest> againstTheEmulator() {
        return ContractCase.loadAll().stream().map(contract -> DynamicTest.dynamicTest(contract.displayName(), () ->
                expectingKnownGap(contract, () -> {
                    try (MetronomeEmulator emulator = new MetronomeEmulator(0, TOKEN).start()) {
                        new ContractRunner(emulator.baseUrl(), TOKEN).run(contract);
                    }
                })));
    }

    /** Writes real customers and metrics: point it at a sandbox account. Cases that steer the emulator are skipped. */
    @TestFactory
    @EnabledIfEnvironmentVariable(named = "METRONOME_CONTRACT_TOKEN", matches = ".+")
    Stream<DynamicTest> againstARealMetronome() {
        String baseUrl = System.getenv().getOrDefault("METRONOME_CONTRACT_BASE_URL", "https://api.metronome.com");
        String token = System.getenv("METRONOME_CONTRACT_TOKEN");
        return ContractCase.loadAll().stream().map(contract -> DynamicTest.dynamicTest(contract.displayName(), () -> {
            Assumptions.assumeFalse(contract.needsEmulator(), "uses the emulator's control API");
            new ContractRunner(baseUrl.replaceAll("/+$", ""), token).run(contract);
        }));
    }

    @Test
    void everyRouteHasContractCases() {
        List<String> routes;
        try (MetronomeEmulator emulator = new MetronomeEmulator(0, TOKEN).start()) {
            routes = emulator.apiRoutes();
        }
        List<ContractCase> cases = ContractCase.loadAll();
        Map<String, Long> counts = new TreeMap<>(cases.stream()
                .collect(Collectors.groupingBy(ContractCase::endpoint, Collectors.counting())));
        routes.forEach(route -> counts.putIfAbsent(route, 0L));
        String table = table(counts);
        System.out.println(table);

        assertThat(counts.keySet()).as("endpoints of the contract files that the emulator does not serve")
                .isSubsetOf(routes);
        assertThat(counts.entrySet().stream().filter(route -> route.getValue() < MIN_CASES_PER_ROUTE)
                .map(Map.Entry::getKey).toList())
                .as("routes with fewer than %d contract cases%n%s", MIN_CASES_PER_ROUTE, table).isEmpty();
        assertThat(cases.stream().map(ContractCase::displayName).distinct().count())
                .as("case names are unique per file").isEqualTo(cases.size());
    }

    /** A case with a knownGap is skipped while it fails and must lose the note once it passes. */
    private static void expectingKnownGap(ContractCase contract, Runnable run) {
        try {
            run.run();
        } catch (AssertionError broken) {
            if (contract.knownGap() == null) {
                throw broken;
            }
            Assumptions.abort("Known gap: " + contract.knownGap() + "\n" + broken.getMessage());
        }
        if (contract.knownGap() != null) {
            fail(contract.displayName() + " passes now: remove its knownGap (\"" + contract.knownGap() + "\")");
        }
    }

    private static String table(Map<String, Long> counts) {
        StringBuilder text = new StringBuilder("Contract cases per endpoint\n");
        counts.forEach((route, count) -> text.append(String.format("  %-50s %3d%n", route, count)));
        text.append(String.format("  %-50s %3d", "total", counts.values().stream().mapToLong(Long::longValue).sum()));
        return text.toString();
    }
}
