package io.kafkaconnect.metronome.quickstart.compose;

import java.util.Map;

/**
 * Compose's variable interpolation in values: {@code ${VAR}}, {@code ${VAR:-default}} (unset or empty),
 * {@code ${VAR-default}} (unset), {@code $VAR}, and {@code $$} for a literal {@code $}.
 */
final class ComposeVariables {

    private ComposeVariables() {
    }

    static String interpolate(String value, Map<String, String> variables) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c != '$' || i + 1 == value.length()) {
                out.append(c);
                i++;
            } else if (value.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
            } else if (value.charAt(i + 1) == '{') {
                int end = value.indexOf('}', i);
                if (end < 0) {
                    throw new IllegalArgumentException("Unclosed ${ in " + value);
                }
                out.append(braced(value.substring(i + 2, end), variables));
                i = end + 1;
            } else {
                int end = i + 1;
                while (end < value.length() && (Character.isLetterOrDigit(value.charAt(end)) || value.charAt(end) == '_')) {
                    end++;
                }
                out.append(variables.getOrDefault(value.substring(i + 1, end), ""));
                i = end;
            }
        }
        return out.toString();
    }

    private static String braced(String expression, Map<String, String> variables) {
        int colonDash = expression.indexOf(":-");
        if (colonDash >= 0) {
            String set = variables.get(expression.substring(0, colonDash));
            return set == null || set.isEmpty() ? expression.substring(colonDash + 2) : set;
        }
        int dash = expression.indexOf('-');
        if (dash >= 0) {
            String set = variables.get(expression.substring(0, dash));
            return set == null ? expression.substring(dash + 1) : set;
        }
        if (expression.contains("?")) {
            throw new IllegalArgumentException("Required variables (${" + expression + "}) are not supported");
        }
        return variables.getOrDefault(expression, "");
    }
}
