package org.projectchat.contract;

import java.util.ArrayList;
import java.util.List;

/**
 * The one reading of fenced code blocks in a Markdown message body, for every part that treats code apart: mentions
 * (none inside code), search (code is a field of its own), export (code becomes {@code <pre><code>}).
 *
 * <p>A fence is a line of three or more backticks or tildes (leading blanks allowed), then an optional info string
 * naming the language (for backticks, one without backticks: {@code ```x```} on one line is inline code, not a
 * fence). It is closed by a line of the same character, at least as many, and nothing else. As in CommonMark, a fence
 * that is never closed runs to the end of the body: what follows an unclosed fence is code.
 */
public final class FencedCode {

    private FencedCode() {
    }

    /** A piece of a body, in order: prose, or the content of a fenced code block (without its fence lines). */
    public sealed interface Part {
        String text();
    }

    public record Prose(String text) implements Part {
    }

    /**
     * @param info   the info string after the opening fence (e.g. the language), stripped; empty if none
     * @param closed false for a fence never closed, which runs to the end of the body
     */
    public record Code(String info, String text, boolean closed) implements Part {
    }

    /** The body as prose and code parts, in order; the parts' texts and fence lines together make the body. */
    public static List<Part> parse(String body) {
        List<Part> parts = new ArrayList<>();
        StringBuilder prose = new StringBuilder();
        String[] lines = body.split("\n", -1);
        int i = 0;
        while (i < lines.length) {
            Fence open = Fence.opening(lines[i]);
            if (open == null) {
                prose.append(lines[i]);
                if (i < lines.length - 1) {
                    prose.append('\n');
                }
                i++;
                continue;
            }
            if (!prose.isEmpty()) {
                parts.add(new Prose(prose.toString()));
                prose.setLength(0);
            }
            List<String> content = new ArrayList<>();
            int j = i + 1;
            while (j < lines.length && !open.closedBy(lines[j])) {
                content.add(lines[j]);
                j++;
            }
            boolean closed = j < lines.length;
            parts.add(new Code(open.info(), String.join("\n", content), closed));
            i = closed ? j + 1 : j;
        }
        if (!prose.isEmpty()) {
            parts.add(new Prose(prose.toString()));
        }
        return parts;
    }

    /** The contents of the body's code blocks, each followed by a newline; empty if it has none. */
    public static String code(String body) {
        StringBuilder code = new StringBuilder();
        for (Part part : parse(body)) {
            if (part instanceof Code c) {
                code.append(c.text()).append('\n');
            }
        }
        return code.toString();
    }

    /** The body's prose, each code block replaced by a line break, so words on either side stay apart. */
    public static String prose(String body) {
        StringBuilder prose = new StringBuilder();
        for (Part part : parse(body)) {
            prose.append(part instanceof Prose p ? p.text() : "\n");
        }
        return prose.toString();
    }

    private record Fence(char mark, int length, String info) {

        static Fence opening(String line) {
            String s = line.stripLeading();
            if (s.isEmpty() || (s.charAt(0) != '`' && s.charAt(0) != '~')) {
                return null;
            }
            char mark = s.charAt(0);
            int n = run(s, mark);
            if (n < 3) {
                return null;
            }
            String info = s.substring(n).strip();
            if (mark == '`' && info.indexOf('`') >= 0) {
                return null;
            }
            return new Fence(mark, n, info);
        }

        boolean closedBy(String line) {
            String s = line.strip();
            return !s.isEmpty() && s.charAt(0) == mark && run(s, mark) == s.length() && s.length() >= length;
        }

        private static int run(String s, char mark) {
            int n = 0;
            while (n < s.length() && s.charAt(n) == mark) {
                n++;
            }
            return n;
        }
    }
}
