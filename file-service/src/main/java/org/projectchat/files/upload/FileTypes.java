package org.projectchat.files.upload;

import org.apache.tika.detect.Detector;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * Which files are accepted, judged from their bytes (Apache Tika), not from the name or the
 * request's Content-Type. The name's extension must agree with what the bytes are: a script named
 * .png or a zip renamed .docx is refused.
 */
public final class FileTypes {

    public enum Category { IMAGE, PDF, DOCUMENT, TEXT }

    /** What the detector says, by category. */
    static final Map<String, Category> BY_TYPE = Map.ofEntries(
            Map.entry("image/png", Category.IMAGE),
            Map.entry("image/jpeg", Category.IMAGE),
            Map.entry("image/gif", Category.IMAGE),
            Map.entry("image/webp", Category.IMAGE),
            Map.entry("image/svg+xml", Category.IMAGE),
            Map.entry("application/pdf", Category.PDF),
            Map.entry("application/msword", Category.DOCUMENT),
            Map.entry("application/vnd.ms-excel", Category.DOCUMENT),
            Map.entry("application/vnd.ms-powerpoint", Category.DOCUMENT),
            Map.entry("application/x-tika-msoffice", Category.DOCUMENT),
            Map.entry("application/vnd.openxmlformats-officedocument.wordprocessingml.document", Category.DOCUMENT),
            Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Category.DOCUMENT),
            Map.entry("application/vnd.openxmlformats-officedocument.presentationml.presentation", Category.DOCUMENT),
            Map.entry("application/vnd.oasis.opendocument.text", Category.DOCUMENT),
            Map.entry("application/vnd.oasis.opendocument.spreadsheet", Category.DOCUMENT),
            Map.entry("application/vnd.oasis.opendocument.presentation", Category.DOCUMENT),
            Map.entry("application/rtf", Category.DOCUMENT));

    /** Extensions allowed for each category. */
    static final Map<Category, Set<String>> EXTENSIONS = Map.of(
            Category.IMAGE, Set.of("png", "jpg", "jpeg", "gif", "webp", "svg"),
            Category.PDF, Set.of("pdf"),
            Category.DOCUMENT, Set.of("doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "rtf"),
            Category.TEXT, Set.of("txt", "md", "markdown", "csv", "tsv", "log", "json", "yaml", "yml", "xml", "toml",
                    "ini", "cfg", "conf", "properties", "env", "sql", "graphql", "proto",
                    "java", "kt", "kts", "scala", "groovy", "gradle", "py", "rb", "go", "rs", "c", "h", "cc", "cpp",
                    "hpp", "cs", "swift", "m", "php", "js", "mjs", "cjs", "ts", "tsx", "jsx", "vue", "svelte", "css",
                    "scss", "less", "html", "htm", "sh", "bash", "zsh", "ps1", "r", "lua", "pl", "dart", "ex", "exs",
                    "erl", "hs", "clj", "tf", "dockerfile", "makefile", "diff", "patch"));

    /** The images shown inline and made into thumbnails; SVG, which may carry script, is not one of them. */
    private static final Set<String> RASTER_IMAGES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

    /** Text as the detector sees it: any text/*, plus these structured text formats. */
    static final Set<String> TEXTUAL_APPLICATION = Set.of("application/json", "application/xml", "application/xhtml+xml",
            "application/javascript",
            "application/x-sh", "application/x-httpd-php", "application/sql", "application/x-yaml");

    public record Verdict(boolean accepted, Category category, String contentType, String reason) {
        static Verdict accept(Category category, String contentType) {
            return new Verdict(true, category, contentType, null);
        }

        static Verdict refuse(String contentType, String reason) {
            return new Verdict(false, null, contentType, reason);
        }
    }

    /**
     * A PNG, JPEG, GIF or WebP image: shown inline, measured and made into a thumbnail. SVG and
     * everything else is only ever a download.
     */
    public static boolean isRasterImage(String contentType) {
        return RASTER_IMAGES.contains(contentType);
    }

    private final Detector magic = TikaConfig.getDefaultConfig().getMimeRepository();
    private final Detector containers = TikaConfig.getDefaultConfig().getDetector();

    /**
     * How much of the file the magic numbers are matched against: every accepted type is known by
     * then, an SVG's root element too after a prolog of a few KiB. (Matching over 1 KiB instead did
     * not visibly lower Tika's share of the CPU: for a file no pattern matches, plain text, its cost is
     * in trying each of its ~1,500 patterns, not in the bytes.)
     */
    static final int MAGIC_BYTES = 8 * 1024;
    /** How much of a text file is checked to be UTF-8 without NUL bytes. */
    static final int TEXT_CHECK_BYTES = 64 * 1024;

    /** How much of an upload is read before it is judged: the UTF-8 check's bytes, and one more to know if the file goes on. */
    public static final int HEAD_BYTES = TEXT_CHECK_BYTES + 1;

    /**
     * The first look, at the head of an upload (its first {@link #HEAD_BYTES} bytes, or all of a
     * shorter file): the verdict, or null when only the whole file can tell (zip and OLE2 containers).
     */
    public Verdict judgeHead(byte[] head, String safeName) {
        // bytes only: the name must not sway it. Magic numbers first, over the head only (matching them over
        // 64 KiB of text was a visible share of the service's CPU); only what may be a container (zip, OLE2,
        // archives) goes through the container-aware detectors, which open the whole file as zip, tar, gzip...
        // and cost several exceptions each on every plain file. A binary file that the short look takes for
        // text still has to pass the UTF-8 check.
        MediaType detected;
        try {
            detected = magic.detect(new ByteArrayInputStream(head, 0, Math.min(head.length, MAGIC_BYTES)), new Metadata());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not from an array
        }
        return plainlyNotAContainer(detected) ? verdict(detected, head, safeName) : null;
    }

    /** The second look, at the whole file, when the head could not tell. */
    public Verdict judgeWhole(TikaInputStream whole, byte[] head, String safeName) throws IOException {
        return verdict(containers.detect(whole, new Metadata()), head, safeName);
    }

    private Verdict verdict(MediaType detected, byte[] head, String safeName) {
        String type = detected.getBaseType().toString();
        String extension = FileNames.extension(safeName);
        Category category = BY_TYPE.get(type);
        if (category == null && (type.startsWith("text/") || TEXTUAL_APPLICATION.contains(type))) {
            category = Category.TEXT;
        }
        if (category == null) {
            return Verdict.refuse(type, "Files of type " + type + " are not accepted.");
        }
        if (category == Category.TEXT && !isText(head)) {
            return Verdict.refuse(type, "The file is not text.");
        }
        // the RTF and SVG detectors look at text; keep their specific types
        if (!EXTENSIONS.get(category).contains(extension)) {
            return Verdict.refuse(type, "The name ." + extension + " does not match the content (" + type + ").");
        }
        String contentType = category == Category.TEXT ? "text/plain; charset=utf-8" : type;
        return Verdict.accept(category, contentType);
    }

    /** Text, images and PDF by their magic numbers: formats that are never zip or OLE2 inside. */
    static boolean plainlyNotAContainer(MediaType type) {
        String base = type.getBaseType().toString();
        return base.startsWith("text/") || base.startsWith("image/") || base.equals("application/pdf");
    }

    /** UTF-8 without NUL bytes, checked over the first 64 KiB of the head given (read one byte longer if it can be). */
    static boolean isText(byte[] head) {
        boolean goesOn = head.length > TEXT_CHECK_BYTES;
        int checked = Math.min(head.length, TEXT_CHECK_BYTES);
        for (int i = 0; i < checked; i++) {
            if (head[i] == 0) {
                return false;
            }
        }
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            int end = checked;
            // a multi-byte character may be cut at the 64 KiB edge (not at the end of a file that ends there)
            if (goesOn) {
                int lead = end - 1;
                while (lead > 0 && lead > end - 4 && (head[lead] & 0xC0) == 0x80) {
                    lead--;
                }
                int first = head[lead] & 0xFF;
                int length = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1;
                if (end - lead < length) {
                    end = lead; // the character goes on past the head: judge the bytes before it
                }
            }
            decoder.decode(java.nio.ByteBuffer.wrap(head, 0, end));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
