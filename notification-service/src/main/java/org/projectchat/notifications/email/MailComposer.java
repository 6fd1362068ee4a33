package org.projectchat.notifications.email;

import org.projectchat.contract.FencedCode;
import org.projectchat.notifications.deliveries.Dispatcher;
import org.projectchat.notifications.deliveries.Recheck;
import org.projectchat.notifications.inbox.Inbox;
import org.projectchat.notifications.links.Links;
import org.projectchat.notifications.recipients.Reason;
import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes notification emails from templates ({@code templates/mail}): an HTML and a plain-text part, everything from
 * a message escaped by the template engine, code blocks as {@code <pre>}. One message, or a digest listing several
 * by project.
 */
@Component
public class MailComposer {

    public record Mail(String subject, String html, String text) {
    }

    /** A stretch of a message: prose, or a fenced code block. */
    public record Segment(boolean code, String text) {
    }

    public record Item(String authorName, String kind, boolean urgent, String reason, List<Segment> segments, String link,
                       String postedAt) {
    }

    private Item itemWithLink(Dispatcher.Ready ready, ZoneId zone) {
        Item item = item(ready, zone);
        Recheck.Message m = ready.message();
        return new Item(item.authorName(), item.kind(), item.urgent(), item.reason(), item.segments(),
                links.message(m.projectId(), m.messageId()), item.postedAt());
    }

    public record ProjectGroup(String projectId, String title, String link, List<Item> items) {
    }

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM, HH:mm", Locale.ENGLISH);

    private final TemplateEngine engine = new TemplateEngine();
    private final Links links;

    public MailComposer(Links links) {
        this.links = links;
        engine.addTemplateResolver(resolver(TemplateMode.HTML, ".html", 1));
        engine.addTemplateResolver(resolver(TemplateMode.TEXT, ".txt", 2));
    }

    private static ClassLoaderTemplateResolver resolver(TemplateMode mode, String suffix, int order) {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/mail/");
        resolver.setTemplateMode(mode);
        resolver.setResolvablePatterns(Set.of("*" + suffix));
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        resolver.setOrder(order);
        return resolver;
    }

    public Mail message(String recipientName, Dispatcher.Ready ready, ZoneId zone, String unsubscribeLink) {
        Recheck.Message m = ready.message();
        Item item = itemWithLink(ready, zone);
        Context context = new Context(Locale.ENGLISH);
        context.setVariable("recipientName", recipientName);
        context.setVariable("projectTitle", m.projectTitle());
        context.setVariable("projectLink", links.project(m.projectId()));
        context.setVariable("item", item);
        context.setVariable("settingsLink", links.notificationSettings());
        context.setVariable("unsubscribeLink", unsubscribeLink);
        String subject = (m.urgent() ? "[Urgent] " : "") + "[" + m.projectTitle() + "] " + author(m) + ": "
                + shorten(Inbox.excerpt(m.body()), 80);
        return new Mail(oneLine(subject), engine.process("message.html", context), engine.process("message.txt", context));
    }

    public static final String TEST_SUBJECT = "Test notification from Project Chat";

    /** The email a user asks for to check that email reaches them. */
    public Mail test(String recipientName) {
        Context context = new Context(Locale.ENGLISH);
        context.setVariable("recipientName", recipientName);
        context.setVariable("settingsLink", links.notificationSettings());
        return new Mail(TEST_SUBJECT, engine.process("test.html", context), engine.process("test.txt", context));
    }

    public Mail digest(String recipientName, List<Dispatcher.Ready> ready, ZoneId zone, String unsubscribeLink) {
        Map<String, ProjectGroup> groups = new LinkedHashMap<>();
        for (Dispatcher.Ready r : ready) {
            Recheck.Message m = r.message();
            groups.computeIfAbsent(m.projectId(), p -> new ProjectGroup(p, m.projectTitle(), links.project(p), new ArrayList<>()))
                    .items().add(itemWithLink(r, zone));
        }
        Context context = new Context(Locale.ENGLISH);
        context.setVariable("recipientName", recipientName);
        context.setVariable("groups", groups.values());
        context.setVariable("count", ready.size());
        context.setVariable("settingsLink", links.notificationSettings());
        context.setVariable("unsubscribeLink", unsubscribeLink);
        String where = groups.size() == 1 ? groups.values().iterator().next().title() : groups.size() + " projects";
        String subject = "[" + where + "] " + ready.size() + (ready.size() == 1 ? " new notification" : " new notifications")
                + (ready.stream().anyMatch(r -> r.message().urgent()) ? ", some urgent" : "");
        return new Mail(oneLine(subject), engine.process("digest.html", context), engine.process("digest.txt", context));
    }

    private static Item item(Dispatcher.Ready ready, ZoneId zone) {
        Recheck.Message m = ready.message();
        List<Segment> segments = new ArrayList<>();
        for (FencedCode.Part part : FencedCode.parse(m.body())) {
            switch (part) {
                case FencedCode.Prose prose -> {
                    if (!prose.text().isBlank()) {
                        segments.add(new Segment(false, prose.text().strip()));
                    }
                }
                case FencedCode.Code code -> segments.add(new Segment(true, code.text()));
            }
        }
        return new Item(author(m), kindLabel(m.kind()), m.urgent(), reason(Reason.valueOf(ready.due().reason())), segments,
                null, WHEN.format(m.postedAt().atZone(zone)));
    }

    private static String author(Recheck.Message m) {
        return m.authorName() == null || m.authorName().isBlank() ? m.authorId() : m.authorName();
    }

    static String reason(Reason reason) {
        return switch (reason) {
            case MENTION -> "mentioned you";
            case ROLE_MENTION -> "tagged your role";
            case ESCALATION -> "raised an escalation";
            case BLOCKER -> "reported a blocker";
            case QUESTION -> "asked the experts a question";
            case CHANNEL -> "notified everyone (@channel)";
            case ALL_MESSAGES -> "posted";
            case CASE_OPENED -> "opened an escalation case";
            case CASE_UPDATE -> "updated your escalation";
            case DEADLINE -> "says a response is due";
            case REMINDER -> "sends a reminder";
            case SLA_BREACH -> "reports a missed response deadline";
        };
    }

    static String kindLabel(String kind) {
        return switch (kind) {
            case "PROGRESS_UPDATE" -> "Progress update";
            case "WEEKLY_SUMMARY" -> "Weekly summary";
            case "MILESTONE" -> "Milestone";
            case "QUESTION" -> "Question";
            case "BLOCKER" -> "Blocker";
            case "ESCALATION" -> "Escalation";
            default -> "Message";
        };
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /** Header values stay on one line (a newline in a subject would start a header of its own). */
    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n\\t]+", " ").strip();
    }
}
