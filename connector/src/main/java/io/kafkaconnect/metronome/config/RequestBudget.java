package io.kafkaconnect.metronome.config;

import io.kafkaconnect.metronome.client.SharedRateLimits;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place where a connector's request budget ({@value MetronomeConnectionConfig#REQUESTS_PER_SECOND}) is split
 * over its tasks, the same for source and sink: the connector gives each task its share in the task config, and the
 * task leases that share from the limiter its connector's tasks in the same worker share ({@link SharedRateLimits}).
 */
public final class RequestBudget {

    /** Task properties set here, not by users. */
    static final String TASK_INDEX = "task.index";
    static final String TASK_COUNT = "task.count";
    static final String CONNECTOR_NAME = "task.connector.name";
    static final String TASK_REQUESTS_PER_SECOND = "task.requests.per.second";

    private RequestBudget() {
    }

    /** One config per task: the connector's own plus the task's number, the task count, the name and the share. */
    public static List<Map<String, String>> taskConfigs(MetronomeConnectionConfig connector, int tasks) {
        String share = String.valueOf(connector.requestsPerSecond() / tasks);
        List<Map<String, String>> configs = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            Map<String, String> task = new HashMap<>(connector.originalsStrings());
            task.put(TASK_INDEX, Integer.toString(i));
            task.put(TASK_COUNT, Integer.toString(tasks));
            task.put(CONNECTOR_NAME, connector.connectorName());
            task.put(TASK_REQUESTS_PER_SECOND, share);
            configs.add(task);
        }
        return configs;
    }

    /** The task's share of its connector's budget; close it when the task stops. */
    public static SharedRateLimits.Lease lease(MetronomeConnectionConfig task) {
        return SharedRateLimits.lease(task.rateLimitKey(), task.taskRequestsPerSecond());
    }
}
