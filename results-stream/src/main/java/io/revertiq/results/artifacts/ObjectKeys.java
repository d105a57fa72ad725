package io.revertiq.results.artifacts;

import java.util.regex.Pattern;

/**
 * The key rules every {@link ObjectStore} enforces, so a key accepted by the local folder is also a safe S3 key
 * and can never escape the folder: relative, '/'-separated, no empty segments, no '.' or '..' segments, no
 * backslashes or control characters. Segments starting with '.' are refused too: the local store keeps its
 * in-flight temporary files under such names.
 */
public final class ObjectKeys {
    private static final Pattern FORBIDDEN = Pattern.compile("[\\\\\\p{Cntrl}]");

    private ObjectKeys() {
    }

    /** Returns {@code key} when valid, else throws {@link IllegalArgumentException} naming the rule it breaks. */
    public static String requireValid(String key) {
        String problem = problem(key);
        if (problem != null) {
            throw new IllegalArgumentException("object key " + problem + ": " + key);
        }
        return key;
    }

    public static boolean isValid(String key) {
        return problem(key) == null;
    }

    /** A value used as one segment of a key (an analysis id): a valid key without '/'. */
    public static String requireSegment(String segment) {
        requireValid(segment);
        if (segment.contains("/")) {
            throw new IllegalArgumentException("key segment may not contain '/': " + segment);
        }
        return segment;
    }

    private static String problem(String key) {
        if (key == null || key.isEmpty()) {
            return "is empty";
        }
        if (key.startsWith("/")) {
            return "must be relative";
        }
        if (FORBIDDEN.matcher(key).find()) {
            return "holds a backslash or control character";
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty()) {
                return "has an empty segment";
            }
            if (segment.startsWith(".")) {
                return "has a segment starting with '.' ('.', '..' and the store's temp files)";
            }
        }
        return null;
    }
}
