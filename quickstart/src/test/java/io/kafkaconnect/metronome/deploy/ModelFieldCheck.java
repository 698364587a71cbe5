package io.kafkaconnect.metronome.deploy;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads a Kubernetes resource into its model class (Strimzi's or fabric8's) and lists every field of the YAML that
 * the model does not know. Jackson's FAIL_ON_UNKNOWN_PROPERTIES alone is not enough: these models keep unknown
 * fields in an {@code additionalProperties} map (Strimzi's {@code UnknownPropertyPreserving}, fabric8's
 * {@code @JsonAnySetter}), as the Kubernetes API server would keep them, and the operator then ignores them.
 */
final class ModelFieldCheck {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The model, or null if it could not be bound, and one line per problem, each naming its path. */
    record Parsed<T>(T model, List<String> problems) {
    }

    private ModelFieldCheck() {
    }

    static <T> Parsed<T> parse(String yaml, Class<T> type) {
        JsonNode written;
        try {
            written = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("Not YAML", e);
        }
        T model;
        try {
            model = YAML.treeToValue(written, type);
        } catch (JsonMappingException e) {
            return new Parsed<>(null, List.of(path(e) + ": " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> problems = new ArrayList<>();
        // Fields kept in additionalProperties, and fields the operator would not act on.
        walk(model, written, "", problems);
        // Fields dropped or changed on the way in (ignored setters, lossy types): what the model writes back
        // must hold everything the YAML says. The model may add its defaults.
        compare(written, YAML.valueToTree(model), "", problems);
        return new Parsed<>(model, problems);
    }

    private static void walk(Object value, JsonNode written, String path, List<String> problems) {
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, written.path(i), path + "[" + i + "]", problems);
                i++;
            }
            return;
        }
        if (value == null || value.getClass().isEnum() || !isModel(value.getClass())) {
            return;
        }
        BeanDescription bean = YAML.getSerializationConfig().introspect(YAML.constructType(value.getClass()));
        AnnotatedMember anyGetter = bean.findAnyGetter();
        if (anyGetter != null && anyGetter.getValue(value) instanceof Map<?, ?> unknown) {
            unknown.keySet().forEach(key -> problems.add(join(path, key) + ": not a field of "
                    + value.getClass().getSimpleName()));
        }
        for (BeanPropertyDefinition property : bean.findProperties()) {
            AnnotatedMember getter = property.getAccessor();
            if (getter == null || !written.has(property.getName())) {
                continue;
            }
            String childPath = join(path, property.getName());
            if (deprecated(getter) || property.getField() != null && deprecated(property.getField())) {
                problems.add(childPath + ": deprecated in " + value.getClass().getSimpleName());
            }
            walk(getter.getValue(value), written.get(property.getName()), childPath, problems);
        }
    }

    private static void compare(JsonNode written, JsonNode read, String path, List<String> problems) {
        if (written.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = written.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String childPath = join(path, field.getKey());
                if (!read.has(field.getKey())) {
                    problems.add(childPath + ": dropped by the model");
                } else {
                    compare(field.getValue(), read.get(field.getKey()), childPath, problems);
                }
            }
        } else if (written.isArray()) {
            if (!read.isArray() || read.size() != written.size()) {
                problems.add(path + ": read back as " + read);
                return;
            }
            for (int i = 0; i < written.size(); i++) {
                compare(written.get(i), read.get(i), path + "[" + i + "]", problems);
            }
        } else if (!read.isValueNode() || !written.asText().equals(read.asText())) {
            problems.add(path + ": " + written + " read back as " + read);
        }
    }

    private static String path(JsonMappingException e) {
        String path = "";
        for (JsonMappingException.Reference reference : e.getPath()) {
            path = reference.getFieldName() != null ? join(path, reference.getFieldName())
                    : path + "[" + reference.getIndex() + "]";
        }
        return path;
    }

    private static boolean isModel(Class<?> type) {
        return type.getName().startsWith("io.strimzi.api.") || type.getName().startsWith("io.fabric8.kubernetes.");
    }

    private static boolean deprecated(AnnotatedMember member) {
        return member.getMember() instanceof AnnotatedElement element && element.isAnnotationPresent(Deprecated.class);
    }

    private static String join(String path, Object key) {
        return path.isEmpty() ? key.toString() : path + "." + key;
    }
}
