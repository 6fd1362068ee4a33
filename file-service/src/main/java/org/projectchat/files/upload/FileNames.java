package org.projectchat.files.upload;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * File names are kept for display, never for storage: no path segments, control characters,
 * bidi overrides or reserved device names survive, so a name cannot reach a key, a header or HTML
 * as anything but text.
 */
public final class FileNames {

    private static final Pattern UNSAFE = Pattern.compile(
            "[\\p{Cntrl}\\u200B-\\u200F\\u202A-\\u202E\\u2066-\\u2069\\uFEFF\"*:<>?|\\\\/]");
    private static final Set<String> RESERVED = Set.of("CON", "PRN", "AUX", "NUL",
            "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");
    static final int MAX_LENGTH = 200;

    private FileNames() {
    }

    public static String sanitize(String original) {
        String name = original == null ? "" : Normalizer.normalize(original, Normalizer.Form.NFC);
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(slash + 1);
        name = UNSAFE.matcher(name).replaceAll("_");
        name = name.strip();
        while (name.startsWith(".")) {
            name = name.substring(1);
        }
        while (name.endsWith(".") || name.endsWith(" ")) {
            name = name.substring(0, name.length() - 1);
        }
        String base = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        if (RESERVED.contains(base.toUpperCase(Locale.ROOT))) {
            name = "_" + name;
        }
        if (name.length() > MAX_LENGTH) {
            String extension = extension(name);
            name = name.substring(0, MAX_LENGTH - extension.length() - 1) + "." + extension;
        }
        return name.isBlank() ? "file" : name;
    }

    /** Lower-case extension without the dot, or "". */
    public static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 || dot == name.length() - 1 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
