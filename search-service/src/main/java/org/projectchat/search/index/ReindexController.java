package org.projectchat.search.index;

import io.swagger.v3.oas.annotations.Operation;
import org.projectchat.contract.PlatformUser;
import org.projectchat.baseline.web.ApiProblem;
import org.projectchat.eventsourcing.replay.Replay;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operator actions (ops and admins): rebuild the search index from the topics and swap it in;
 * pause and resume indexing.
 */
@RestController
public class ReindexController {

    private final SearchReindex reindex;
    private final IndexingSwitch indexing;

    public ReindexController(SearchReindex reindex, IndexingSwitch indexing) {
        this.reindex = reindex;
        this.indexing = indexing;
    }

    @Operation(summary = "Pause indexing: events wait on the topic, searches answer from the index as it is")
    @PostMapping("/admin/search/indexing/pause")
    IndexingSwitch.State pause(PlatformUser user) {
        requireStaff(user);
        return indexing.pause();
    }

    @Operation(summary = "Resume indexing from where it paused")
    @PostMapping("/admin/search/indexing/resume")
    IndexingSwitch.State resume(PlatformUser user) {
        requireStaff(user);
        return indexing.resume();
    }

    @GetMapping("/admin/search/indexing")
    IndexingSwitch.State indexing(PlatformUser user) {
        requireStaff(user);
        return indexing.state();
    }

    @Operation(summary = "Rebuild the message index from chat.events.v1 and file.events.v1; follow progress with GET")
    @PostMapping("/admin/search/reindex")
    ResponseEntity<Replay.Progress> start(PlatformUser user) {
        requireStaff(user);
        if (!reindex.start()) {
            throw ApiProblem.conflict("reindex-running", "A reindex is already running.");
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(reindex.progress());
    }

    @GetMapping("/admin/search/reindex")
    Replay.Progress progress(PlatformUser user) {
        requireStaff(user);
        return reindex.progress();
    }

    private static void requireStaff(PlatformUser user) {
        if (!user.isStaff()) {
            throw ApiProblem.forbidden("not-staff", "Only platform ops and admins manage the search index.");
        }
    }
}
