package io.kafkaconnect.metronome.quickstart.compose;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The steps a compose file's header comment tells users to run after {@code up}: its
 * {@code curl -X POST -H 'Content-Type: application/json' --data @<file> <url>} lines, in order, which create the
 * connectors.
 */
public final class HeaderCommands {

    private static final Pattern CURL_POST = Pattern.compile(
            "^#\\s+curl -X POST -H 'Content-Type: application/json' --data @(\\S+) (http\\S+)\\s*$");

    /** One {@code curl}: the file it posts and where. */
    public record Post(Path file, URI url) {
    }

    private HeaderCommands() {
    }

    /** The header's POSTs, files resolved against the compose file's directory (where the user runs them). */
    public static List<Post> posts(ComposeFile compose) {
        List<Post> posts = new ArrayList<>();
        for (String line : compose.text().lines().takeWhile(line -> line.startsWith("#") || line.isBlank()).toList()) {
            Matcher curl = CURL_POST.matcher(line);
            if (curl.matches()) {
                posts.add(new Post(compose.file().getParent().resolve(curl.group(1)), URI.create(curl.group(2))));
            }
        }
        if (posts.isEmpty()) {
            throw new IllegalArgumentException(compose.file() + ": the header shows no curl -X POST ... --data @<file> <url>");
        }
        return posts;
    }
}
