package io.kafkaconnect.metronome.config;

import static io.kafkaconnect.metronome.config.MetronomeConnectionConfig.PROXY_PASSWORD;
import static io.kafkaconnect.metronome.config.MetronomeConnectionConfig.PROXY_USERNAME;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Utils;

/** The checks of the settings' values that both connectors use; each error names the field and what it accepts. */
public final class Validators {

    private Validators() {
    }

    /** Accepts absolute http(s) URLs only. */
    public static final class HttpUrlValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                throw new ConfigException(name, null, "must be set");
            }
            try {
                URI uri = URI.create(value.toString());
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new ConfigException(name, value, "must be an absolute http:// or https:// URL");
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, "is not a valid URL: " + e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "absolute http(s) URL";
        }
    }

    /**
     * Accepts empty, or {@code http://host:port} with nothing else. Credentials in the URL are refused without
     * repeating the value, which would put the password in the error. {@code https://} is refused: HttpClient 5's
     * async client (the connectors') cannot open a TLS tunnel inside a TLS connection to the proxy (HTTPCLIENT-2369).
     */
    public static final class ProxyUrlValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || value.toString().isBlank()) {
                return;
            }
            if (value.toString().contains("@")) {
                throw new ConfigException("Invalid value for configuration " + name + ": credentials are not accepted "
                        + "in the URL; set " + PROXY_USERNAME + " and " + PROXY_PASSWORD);
            }
            URI uri;
            try {
                uri = new URI(value.toString().strip());
            } catch (java.net.URISyntaxException e) {
                throw new ConfigException(name, value, "is not a valid URL");
            }
            if ("https".equals(uri.getScheme())) {
                throw new ConfigException(name, value, "TLS to the proxy is not supported; use its http:// port "
                        + "(calls to an https Metronome URL stay TLS end to end through the CONNECT tunnel)");
            }
            if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1) {
                throw new ConfigException(name, value, "must be http://host:port");
            }
            if (!(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new ConfigException(name, value, "must be http://host:port, without a path");
            }
        }

        @Override
        public String toString() {
            return "empty, or http://host:port";
        }
    }

    /** Accepts empty, or the path of a readable regular file. */
    public static final class ReadableFileValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || value.toString().isBlank()) {
                return;
            }
            Path file;
            try {
                file = Paths.get(value.toString().strip());
            } catch (java.nio.file.InvalidPathException e) {
                throw new ConfigException(name, value, "is not a valid path");
            }
            if (!Files.exists(file)) {
                throw new ConfigException(name, value, "no such file on this worker");
            }
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new ConfigException(name, value, "is not a readable file");
            }
        }

        @Override
        public String toString() {
            return "empty, or a readable file";
        }
    }

    /** Kafka's legal topic characters, so a bad prefix fails at validation rather than at the first send. */
    public static class TopicNameValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String topic = value == null ? "" : value.toString();
            if (topic.isEmpty() || topic.length() > 200 || !topic.matches("[a-zA-Z0-9._-]+")) {
                throw new ConfigException(name, value,
                        "must be 1-200 characters of letters, digits, '.', '_' or '-'");
            }
        }

        @Override
        public String toString() {
            return "topic name characters [a-zA-Z0-9._-]";
        }
    }

    public static final class OptionalTopicNameValidator extends TopicNameValidator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value != null && !value.toString().isBlank()) {
                super.ensureValid(name, value);
            }
        }
    }

    public static final class OptionalDateValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || value.toString().isBlank()) {
                return;
            }
            try {
                LocalDate.parse(value.toString().trim());
            } catch (DateTimeParseException e) {
                throw new ConfigException(name, value, "must be a date as YYYY-MM-DD");
            }
        }

        @Override
        public String toString() {
            return "YYYY-MM-DD or empty";
        }
    }

    /** A non-empty list of distinct host:port entries (Kafka's own check for this only exists from 4.2 on). */
    public static final class BootstrapServersValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            @SuppressWarnings("unchecked")
            List<String> servers = (List<String>) value;
            if (servers == null || servers.isEmpty()) {
                throw new ConfigException(name, value, "Give at least one host:port");
            }
            for (String server : servers) {
                if (Utils.getHost(server) == null || Utils.getPort(server) == null) {
                    throw new ConfigException(name, value, "'" + server + "' is not host:port");
                }
            }
            if (new HashSet<>(servers).size() != servers.size()) {
                throw new ConfigException(name, value, "Each server may appear only once");
            }
        }

        @Override
        public String toString() {
            return "non-empty list of distinct host:port";
        }
    }
}
