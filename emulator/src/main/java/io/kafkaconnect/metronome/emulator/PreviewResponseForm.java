package io.kafkaconnect.metronome.emulator;

import java.util.Locale;

/**
 * How {@code POST /v1/customers/{id}/previewEvents} answers. Seed 004 documents one invoice, the current SDKs an
 * array of them (one per credit type the customer is billed in); an emulator answers in one form at a time so
 * clients can be tested against both.
 */
public enum PreviewResponseForm {
    /** {@code {"data": Invoice}}: seed 004's form, the first invoice only. The default. */
    OBJECT,
    /** {@code {"data": [Invoice, ...]}}: the SDKs' form, every invoice. */
    ARRAY;

    /** The lower-case name the control API and the command line use: {@code object} or {@code array}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything but {@code object} or {@code array} (any case) */
    public static PreviewResponseForm parse(String text) {
        for (PreviewResponseForm form : values()) {
            if (form.wireName().equalsIgnoreCase(text)) {
                return form;
            }
        }
        throw new IllegalArgumentException("preview events form must be \"object\" or \"array\", not \"" + text + "\"");
    }
}
