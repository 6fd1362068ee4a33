package org.projectchat.chat.live;

import io.swagger.v3.oas.annotations.Operation;
import org.projectchat.baseline.web.PathIds;
import org.projectchat.contract.PlatformUser;
import org.projectchat.eventsourcing.live.LiveFeed;
import org.projectchat.eventsourcing.roster.ProjectReaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Live Server-Sent Events, per project or per user; resume with the Last-Event-ID header. */
@RestController
public class LiveStreamController {

    private final LiveFeed feed;
    private final ProjectReaders readers;

    public LiveStreamController(LiveFeed feed, ProjectReaders readers) {
        this.feed = feed;
        this.readers = readers;
    }

    @Operation(summary = "Live events of one project (SSE); the event id is a resume point")
    @GetMapping(path = "/projects/{projectId}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter project(@PathVariable String projectId, PlatformUser user,
                       @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                       @RequestParam(name = "lastEventId", required = false) String lastEventIdParam) {
        PathIds.requireProjectId(projectId);
        readers.readerFor(projectId, user);
        return feed.subscribe(new LiveFeed.Listener(user.userId(), user.isStaff(), projectId),
                LiveFeed.resumePoint(lastEventId, lastEventIdParam));
    }

    @Operation(summary = "Live events of every project the caller takes part in (SSE)")
    @GetMapping(path = "/me/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter mine(PlatformUser user,
                    @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                    @RequestParam(name = "lastEventId", required = false) String lastEventIdParam) {
        return feed.subscribe(new LiveFeed.Listener(user.userId(), user.isStaff(), null), LiveFeed.resumePoint(lastEventId, lastEventIdParam));
    }
}
