package io.kafkaconnect.metronome.quickstart.compose;

import io.kafkaconnect.metronome.processes.JavaProcess;
import java.util.ArrayList;
import java.util.List;

/**
 * A JRE image (eclipse-temurin) running its {@code command}: {@code java} is this JVM's, every argument that is
 * a mounted container path becomes the host path, and an all-interfaces bind address ({@code 0.0.0.0}) the
 * service's address.
 */
final class JavaCommandLauncher implements ServiceLauncher {

    @Override
    public RunningService launch(ServiceContext context) {
        ComposeService service = context.service();
        List<String> command = service.command();
        if (command.isEmpty() || !command.get(0).equals("java")) {
            throw new IllegalArgumentException("Service " + service.name() + ": the emulation runs a JRE image's"
                    + " command when it starts with java, not " + command);
        }
        List<String> args = new ArrayList<>();
        for (String arg : command.subList(1, command.size())) {
            if (arg.equals("0.0.0.0")) {
                args.add(context.address());
            } else if (arg.startsWith("/")) {
                args.add(service.hostPath(arg).map(Object::toString).orElse(arg));
            } else {
                args.add(arg);
            }
        }
        JavaProcess process = JavaProcess.start(service.name(), List.of("-Djdk.net.hosts.file=" + context.hostsFile()),
                "", null, args, service.environment(), context.log(service.name() + ".log"));
        return new RunningService(service.name(), process);
    }
}
