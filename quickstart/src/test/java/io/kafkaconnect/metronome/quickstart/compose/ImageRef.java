package io.kafkaconnect.metronome.quickstart.compose;

/** An image reference as compose files write it, {@code repository:tag} ({@code latest} when the tag is left out). */
public record ImageRef(String repository, String tag) {

    public static ImageRef parse(String image) {
        int colon = image.lastIndexOf(':');
        if (colon < 0 || image.indexOf('/', colon) >= 0) {
            return new ImageRef(image, "latest");
        }
        return new ImageRef(image.substring(0, colon), image.substring(colon + 1));
    }

    @Override
    public String toString() {
        return repository + ":" + tag;
    }
}
