package org.projectchat.notifications.email;

import io.swagger.v3.oas.annotations.Operation;
import org.projectchat.baseline.web.ApiProblem;
import org.projectchat.notifications.preferences.Preferences;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * One-click unsubscribe (RFC 8058) from an email's {@code List-Unsubscribe} link, without logging in: the signed
 * token says whose email, for which project ('' for all). A POST (the mail client's one click, body
 * {@code List-Unsubscribe=One-Click}) switches it off; a GET (a person following the link, or a scanner fetching
 * it) only shows a page with the button, so nobody is unsubscribed by a link preview.
 */
@RestController
public class UnsubscribeController {

    private final UnsubscribeLinks links;
    private final Preferences preferences;

    public UnsubscribeController(UnsubscribeLinks links, Preferences preferences) {
        this.links = links;
        this.preferences = preferences;
    }

    @Operation(summary = "One-click unsubscribe (RFC 8058): switches off the email the signed token names")
    @PostMapping(path = "/unsubscribe/{token}", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> unsubscribe(@PathVariable String token) {
        UnsubscribeLinks.Target target = links.verify(token).orElseThrow(UnsubscribeController::invalid);
        preferences.emailOff(target.userId(), target.projectId());
        String what = target.projectId().isEmpty() ? "all notification emails" : "notification emails from this project";
        return ResponseEntity.ok(page("Unsubscribed", "You will get no more " + what
                + ". In-app notifications stay on; turn email back on in your notification settings.", null));
    }

    @Operation(summary = "The unsubscribe page: a button that posts the one click")
    @GetMapping(path = "/unsubscribe/{token}", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> confirm(@PathVariable String token) {
        UnsubscribeLinks.Target target = links.verify(token).orElseThrow(UnsubscribeController::invalid);
        String what = target.projectId().isEmpty() ? "all notification emails" : "notification emails from this project";
        return ResponseEntity.ok(page("Unsubscribe", "Stop " + what + "?", token));
    }

    private static ApiProblem invalid() {
        return ApiProblem.notFound("invalid-unsubscribe-link", "This unsubscribe link is not valid.");
    }

    private static String page(String title, String text, String token) {
        String form = token == null ? "" : """
                <form method="post" action="%s"><input type="hidden" name="List-Unsubscribe" value="One-Click">
                <button type="submit">Unsubscribe</button></form>""".formatted(HtmlUtils.htmlEscape(token));
        return """
                <!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><title>%s</title></head>
                <body style="font-family: sans-serif; max-width: 480px; margin: 40px auto;"><h1>%s</h1><p>%s</p>%s</body></html>"""
                .formatted(HtmlUtils.htmlEscape(title), HtmlUtils.htmlEscape(title), HtmlUtils.htmlEscape(text), form);
    }
}
