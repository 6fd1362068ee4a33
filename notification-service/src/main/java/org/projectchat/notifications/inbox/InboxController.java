package org.projectchat.notifications.inbox;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Size;
import org.projectchat.baseline.web.ApiProblem;
import org.projectchat.contract.PlatformUser;
import org.projectchat.eventsourcing.live.LiveFeed;
import org.projectchat.eventsourcing.notify.PostgresNotifications;
import org.projectchat.eventsourcing.roster.Rosters;
import org.projectchat.notifications.intake.NotificationIntake;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The caller's in-app notifications: newest first with a cursor, unread count, mark read, live over SSE. */
@RestController
@Validated
public class InboxController {

    static final int MAX_PAGE = 200;

    private final Inbox inbox;
    private final LiveFeed feed;

    public InboxController(Inbox inbox, LiveFeed inboxLiveFeed) {
        this.inbox = inbox;
        this.feed = inboxLiveFeed;
    }

    /** @param all mark every item read; else {@code ids} */
    public record MarkRead(@Size(max = 1000) List<Long> ids, Boolean all) {
    }

    @Operation(summary = "The caller's notifications, newest first; continue with ?before=<nextBefore>")
    @GetMapping("/notifications")
    Inbox.Page list(PlatformUser user, @RequestParam(required = false) Long before,
                    @RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "false") boolean unread) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw ApiProblem.badRequest("invalid-limit", "limit is 1 to " + MAX_PAGE + ".");
        }
        if (before != null && before < 1) {
            throw ApiProblem.badRequest("invalid-cursor", "before is a notification id from a previous page.");
        }
        return inbox.page(user.userId(), before, limit, unread);
    }

    @Operation(summary = "How many of the caller's notifications are unread")
    @GetMapping("/notifications/unread-count")
    Map<String, Long> unread(PlatformUser user) {
        return Map.of("unread", inbox.unread(user.userId()));
    }

    @Operation(summary = "Mark notifications read: some ({\"ids\": [...]}) or all ({\"all\": true})")
    @PostMapping("/notifications/read")
    Map<String, Long> markRead(PlatformUser user, @RequestBody @jakarta.validation.Valid MarkRead request) {
        boolean all = Boolean.TRUE.equals(request.all());
        if (all == (request.ids() != null && !request.ids().isEmpty())) {
            throw ApiProblem.badRequest("invalid-mark-read", "Give either ids (one or more) or \"all\": true.");
        }
        int changed = all ? inbox.markAllRead(user.userId()) : inbox.markRead(user.userId(), request.ids());
        return Map.of("marked", (long) changed, "unread", inbox.unread(user.userId()));
    }

    @Operation(summary = "The caller's notifications live (SSE, event name 'notification'); resume with Last-Event-ID")
    @GetMapping(path = "/notifications/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(PlatformUser user, @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                      @RequestParam(name = "lastEventId", required = false) String lastEventIdParam) {
        return feed.subscribe(new LiveFeed.Listener(user.userId(), user.isStaff(), user.userId()),
                LiveFeed.resumePoint(lastEventId, lastEventIdParam));
    }

    @Configuration(proxyBeanMethods = false)
    static class FeedConfiguration {
        @Bean
        LiveFeed inboxLiveFeed(JdbcTemplate jdbc, Rosters rosters, Inbox inbox, PostgresNotifications notifications,
                               @Value("${notifications.live.heartbeat:15s}") Duration heartbeat) {
            InboxFeed source = new InboxFeed(jdbc, rosters, inbox);
            return new LiveFeed("notifications", source, source, heartbeat, notifications, NotificationIntake.FEED_CHANNEL);
        }
    }
}
