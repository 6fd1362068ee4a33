package org.projectchat.chat.export;

import org.projectchat.chat.messages.MessageStore;
import org.projectchat.chat.messages.MessageView;
import org.projectchat.contract.EventJson;
import org.projectchat.contract.FencedCode;
import org.projectchat.contract.VisibilityRule;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.util.HtmlUtils;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams a chat's history, filtered by the requester's visibility, as JSON Lines, CSV or a
 * self-contained HTML transcript. Reviewers (ops) also get deleted content and every revision.
 */
@Component
public class ChatExport {

    public enum Format {
        JSONL("application/x-ndjson", "jsonl"),
        CSV("text/csv", "csv"),
        HTML("text/html", "html");

        public final String mediaType;
        public final String extension;

        Format(String mediaType, String extension) {
            this.mediaType = mediaType;
            this.extension = extension;
        }
    }

    private final MessageStore store;
    private final TransactionTemplate readOnly;

    public ChatExport(MessageStore store, TransactionTemplate tx) {
        this.store = store;
        this.readOnly = new TransactionTemplate(tx.getTransactionManager());
        this.readOnly.setReadOnly(true);
    }

    public void write(String projectId, String title, VisibilityRule.Reader reader, Format format, OutputStream out) {
        boolean review = VisibilityRule.mayReview(reader);
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        try {
            switch (format) {
                case JSONL -> { }
                case CSV -> w.write("position,posted_at,author_id,author_name,author_role,kind,visibility,edited,deleted,body\r\n");
                case HTML -> w.write(htmlHead(projectId, title));
            }
            // A cursor needs a transaction; rows stream to the client as they are read.
            readOnly.executeWithoutResult(status -> store.forEachMessage(projectId, reader, m -> {
                try {
                    switch (format) {
                        case JSONL -> w.write(EventJson.mapper().writeValueAsString(jsonLine(m, review)) + "\n");
                        case CSV -> w.write(csvRow(m));
                        case HTML -> w.write(htmlMessage(m, review));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
            if (format == Format.HTML) {
                w.write("</ol>\n<footer>Exported " + Instant.now() + "</footer>\n</body>\n</html>\n");
            }
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Object> jsonLine(MessageView m, boolean review) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("message", m);
        if (review && (m.edited() || m.deleted())) {
            line.put("revisions", store.revisions(m.messageId()));
        }
        return line;
    }

    static String csvRow(MessageView m) {
        return String.join(",", List.of(
                Long.toString(m.position()), String.valueOf(m.postedAt()), csv(m.sender().userId()),
                csv(m.sender().displayName()), csv(m.sender().role()), m.kind(), m.visibility(),
                Boolean.toString(m.edited()), Boolean.toString(m.deleted()), csv(m.body()))) + "\r\n";
    }

    /** RFC 4180 quoting, and a leading quote against formula injection in spreadsheets. */
    static String csv(String value) {
        if (value == null) {
            return "";
        }
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }

    private static String htmlHead(String projectId, String title) {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
                <title>%s</title>
                <style>
                body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;color:#222}
                ol{list-style:none;padding:0} li{border-bottom:1px solid #eee;padding:.6rem 0}
                .meta{color:#666;font-size:.85em} pre{background:#f5f5f5;padding:.6rem;overflow:auto}
                .internal{background:#fff6e0} .client-internal{background:#eef6ff} .deleted{color:#999}
                </style>
                </head>
                <body>
                <h1>%s</h1>
                <p class="meta">Project %s</p>
                <ol>
                """.formatted(HtmlUtils.htmlEscape(title), HtmlUtils.htmlEscape(title), HtmlUtils.htmlEscape(projectId));
    }

    private String htmlMessage(MessageView m, boolean review) {
        String css = switch (m.visibility()) {
            case "INTERNAL" -> "internal";
            case "CLIENT_INTERNAL" -> "client-internal";
            default -> "everyone";
        };
        StringBuilder html = new StringBuilder("<li class=\"").append(css).append(m.deleted() ? " deleted" : "")
                .append("\" id=\"m-").append(m.position()).append("\">\n<div class=\"meta\">")
                .append(HtmlUtils.htmlEscape(String.valueOf(m.sender().displayName()))).append(" (")
                .append(HtmlUtils.htmlEscape(m.sender().role())).append(") · ").append(m.postedAt())
                .append(" · ").append(m.kind());
        if (!"EVERYONE".equals(m.visibility())) {
            html.append(" · ").append(m.visibility());
        }
        if (m.edited()) {
            html.append(" · edited");
        }
        html.append("</div>\n");
        if (m.body() == null) {
            html.append("<p><em>This message was deleted.</em></p>\n");
        } else {
            if (m.deleted()) {
                html.append("<p><em>Deleted ").append(m.deletedAt()).append(" by ")
                        .append(HtmlUtils.htmlEscape(String.valueOf(m.deletedBy()))).append("</em></p>\n");
            }
            html.append(markdownToHtml(m.body()));
            if (!m.files().isEmpty()) {
                html.append("<ul class=\"meta\">\n");
                for (var file : m.files()) {
                    html.append("<li>Attached: ").append(HtmlUtils.htmlEscape(file.name())).append(" · ")
                            .append(HtmlUtils.htmlEscape(file.contentType())).append(" · ").append(file.size())
                            .append(" bytes</li>\n");
                }
                html.append("</ul>\n");
            }
            if (review && m.edited()) {
                html.append("<details><summary>Earlier versions</summary>\n");
                for (var revision : store.revisions(m.messageId())) {
                    html.append("<div class=\"meta\">Revision ").append(revision.revision()).append(" · ")
                            .append(revision.editedAt()).append("</div>").append(markdownToHtml(revision.body()));
                }
                html.append("</details>\n");
            }
        }
        return html.append("</li>\n").toString();
    }

    /** Escapes everything; fenced code ({@link FencedCode}) becomes {@code <pre><code>}, other lines paragraphs. */
    static String markdownToHtml(String body) {
        StringBuilder html = new StringBuilder();
        for (FencedCode.Part part : FencedCode.parse(body)) {
            switch (part) {
                case FencedCode.Prose prose -> paragraphs(prose.text(), html);
                case FencedCode.Code code -> {
                    html.append("<pre><code");
                    String language = code.info().replaceAll("[^A-Za-z0-9+#_-]", "");
                    if (!language.isEmpty()) {
                        html.append(" class=\"language-").append(HtmlUtils.htmlEscape(language)).append('"');
                    }
                    html.append('>').append(HtmlUtils.htmlEscape(code.text())).append("</code></pre>\n");
                }
            }
        }
        return html.toString();
    }

    private static void paragraphs(String text, StringBuilder html) {
        String trimmed = text.strip();
        if (!trimmed.isEmpty()) {
            html.append("<p>").append(HtmlUtils.htmlEscape(trimmed).replace("\n", "<br>\n")).append("</p>\n");
        }
    }
}
