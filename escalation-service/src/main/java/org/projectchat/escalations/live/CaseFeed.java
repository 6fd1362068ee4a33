package org.projectchat.escalations.live;

import io.swagger.v3.oas.annotations.Operation;
import org.projectchat.contract.PlatformUser;
import org.projectchat.escalations.access.CaseAccess;
import org.projectchat.escalations.board.EscalationBoard;
import org.projectchat.eventsourcing.live.LiveFeed;
import org.projectchat.eventsourcing.notify.PostgresNotifications;
import org.projectchat.eventsourcing.roster.Rosters;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dashboard live: every change of a case or deadline (the event's type and ids, never a note's text) reaches the
 * ops and account managers who work that project, over Server-Sent Events with Last-Event-ID resume.
 */
@RestController
class CaseFeed {

    private final LiveFeed feed;
    private final CaseAccess access;

    CaseFeed(LiveFeed feed, CaseAccess access) {
        this.feed = feed;
        this.access = access;
    }

    @Operation(summary = "Changes of cases and deadlines live (SSE, event name = escalation event type); resume with Last-Event-ID")
    @GetMapping(path = "/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter live(PlatformUser user, @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                    @RequestParam(name = "lastEventId", required = false) String lastEventIdParam) {
        access.requireWorker(user);
        return feed.subscribe(new LiveFeed.Listener(user.userId(), user.isStaff(), null),
                LiveFeed.resumePoint(lastEventId, lastEventIdParam));
    }

    /** Rows of live_changes, scoped by project. */
    record Changes(JdbcTemplate jdbc, Rosters rosters) implements LiveFeed.Source, LiveFeed.Audience {

        @Override
        public long latest() {
            Long max = jdbc.queryForObject("select coalesce(max(seq), 0) from live_changes", Long.class);
            return max == null ? 0 : max;
        }

        @Override
        public List<LiveFeed.Row> after(long seq, int limit) {
            return jdbc.query("select seq, project_id, type, data from live_changes where seq > ? order by seq limit ?",
                    (rs, i) -> new LiveFeed.Row(rs.getLong(1), rs.getString(2), rs.getString(3), null, rs.getString(4)),
                    seq, limit);
        }

        @Override
        public List<LiveFeed.Row> between(long from, long upTo, String scope, int limit) {
            return jdbc.query("""
                    select seq, project_id, type, data from live_changes
                    where seq > ? and seq <= ? and (?::text is null or project_id = ?) order by seq limit ?""",
                    (rs, i) -> new LiveFeed.Row(rs.getLong(1), rs.getString(2), rs.getString(3), null, rs.getString(4)),
                    from, upTo, scope, scope, limit);
        }

        @Override
        public Gate forRows(List<LiveFeed.Row> rows) {
            Map<String, Map<String, org.projectchat.contract.ParticipantRole>> roles =
                    rosters.activeRoles(rows.stream().map(LiveFeed.Row::scope).distinct().toList());
            Set<org.projectchat.contract.ParticipantRole> workers = Set.of(
                    org.projectchat.contract.ParticipantRole.ACCOUNT_MANAGER, org.projectchat.contract.ParticipantRole.PLATFORM_OPS);
            return (listener, row) -> listener.staff()
                    || workers.contains(roles.getOrDefault(row.scope(), Map.of()).get(listener.userId()));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class FeedConfiguration {
        @Bean
        LiveFeed caseLiveFeed(JdbcTemplate jdbc, Rosters rosters, PostgresNotifications notifications,
                              @Value("${escalations.live.heartbeat:15s}") Duration heartbeat) {
            Changes changes = new Changes(jdbc, rosters);
            return new LiveFeed("escalations", changes, changes, heartbeat, notifications, EscalationBoard.LIVE_CHANNEL);
        }
    }
}
