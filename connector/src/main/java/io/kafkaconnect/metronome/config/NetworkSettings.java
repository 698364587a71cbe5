package io.kafkaconnect.metronome.config;

import static io.kafkaconnect.metronome.config.MetronomeConnectionConfig.PROXY_PASSWORD;
import static io.kafkaconnect.metronome.config.MetronomeConnectionConfig.PROXY_URL;
import static io.kafkaconnect.metronome.config.MetronomeConnectionConfig.PROXY_USERNAME;
import static io.kafkaconnect.metronome.config.MetronomeConnectionConfig.TRUSTSTORE_LOCATION;
import static io.kafkaconnect.metronome.config.MetronomeConnectionConfig.TRUSTSTORE_PASSWORD;
import static io.kafkaconnect.metronome.config.MetronomeConnectionConfig.TRUSTSTORE_TYPE;

import io.kafkaconnect.metronome.client.ProxySettings;
import io.kafkaconnect.metronome.client.TlsSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;

/**
 * The proxy and trust store settings, read together, since what is wrong with them can span fields: a proxy username
 * needs a proxy URL, a proxy password a username, and the trust store must open with its type and password. Each
 * problem names its field and never holds a password.
 */
public record NetworkSettings(ProxySettings proxy, TlsSettings tls) {

    static final List<String> FIELDS = List.of(PROXY_URL, PROXY_USERNAME, PROXY_PASSWORD, TRUSTSTORE_LOCATION,
            TRUSTSTORE_PASSWORD, TRUSTSTORE_TYPE);

    /**
     * @param parsed the connector's values by name, as {@link org.apache.kafka.common.config.ConfigDef} parses them
     *               (passwords as {@link Password}), already through the fields' own validators
     * @throws InvalidField naming the field at fault
     */
    public static NetworkSettings read(Map<String, ?> parsed) {
        String url = text(parsed.get(PROXY_URL));
        String username = text(parsed.get(PROXY_USERNAME));
        String password = secret(parsed.get(PROXY_PASSWORD));
        if (url == null && username != null) {
            throw new InvalidField(PROXY_USERNAME, "needs " + PROXY_URL
                    + ": proxy credentials are only sent to a proxy configured here");
        }
        if (username == null && password != null) {
            throw new InvalidField(PROXY_PASSWORD, "needs " + PROXY_USERNAME);
        }
        ProxySettings proxy = url == null ? ProxySettings.JVM_DEFAULT
                : new ProxySettings(URI.create(url), username, password);

        String location = text(parsed.get(TRUSTSTORE_LOCATION));
        if (location == null) {
            return new NetworkSettings(proxy, TlsSettings.JVM_DEFAULT);
        }
        String type = text(parsed.get(TRUSTSTORE_TYPE));
        String trustStorePassword = secret(parsed.get(TRUSTSTORE_PASSWORD));
        TlsSettings tls = TlsSettings.trustStore(Path.of(location), type == null ? "PKCS12" : type, trustStorePassword);
        try {
            tls.loadTrustStore();
        } catch (IOException | GeneralSecurityException e) {
            throw new InvalidField(TRUSTSTORE_LOCATION, "cannot open " + location + " as a " + tls.trustStoreType()
                    + " trust store with " + TRUSTSTORE_PASSWORD + ": " + withoutSecret(e.getMessage(), trustStorePassword));
        }
        return new NetworkSettings(proxy, tls);
    }

    /**
     * For {@code Connector.validate()}: adds the problem, if any, to its field. Skipped when a field's own validator
     * already refused one of them.
     */
    public static Config check(Config validated) {
        Map<String, ConfigValue> byName = new HashMap<>();
        validated.configValues().forEach(value -> byName.put(value.name(), value));
        Map<String, Object> parsed = new HashMap<>();
        for (String field : FIELDS) {
            ConfigValue value = byName.get(field);
            if (value == null || !value.errorMessages().isEmpty()) {
                return validated;
            }
            parsed.put(field, value.value());
        }
        try {
            read(parsed);
        } catch (InvalidField e) {
            byName.get(e.field()).addErrorMessage(e.reason());
        }
        return validated;
    }

    private static String text(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString().strip();
    }

    private static String secret(Object value) {
        String text = value instanceof Password password ? password.value() : value == null ? null : value.toString();
        return text == null || text.isEmpty() ? null : text;
    }

    /** JDK messages do not quote passwords; this keeps it so whatever the provider. */
    private static String withoutSecret(String message, String secret) {
        String text = message == null ? "unreadable" : message;
        return secret == null ? text : text.replace(secret, "[hidden]");
    }

    /** A network setting that is wrong, with the field to blame. */
    public static final class InvalidField extends ConfigException {

        private final String field;
        private final String reason;

        InvalidField(String field, String reason) {
            super("Invalid configuration " + field + ": " + reason);
            this.field = field;
            this.reason = reason;
        }

        public String field() {
            return field;
        }

        public String reason() {
            return reason;
        }
    }
}
