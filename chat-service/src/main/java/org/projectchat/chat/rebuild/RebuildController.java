package org.projectchat.chat.rebuild;

import io.swagger.v3.oas.annotations.Operation;
import org.projectchat.contract.PlatformUser;
import org.projectchat.baseline.web.ApiProblem;
import org.projectchat.eventsourcing.replay.Replay;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operator actions on the message store projection (ops and admins). */
@RestController
public class RebuildController {

    private final MessageStoreRebuild rebuild;

    public RebuildController(MessageStoreRebuild rebuild) {
        this.rebuild = rebuild;
    }

    @Operation(summary = "Rebuild the message store from chat.events.v1; follow progress with GET")
    @PostMapping("/admin/projections/message-store/rebuild")
    ResponseEntity<Replay.Progress> start(PlatformUser user) {
        requireStaff(user);
        if (!rebuild.start()) {
            throw ApiProblem.conflict("rebuild-running", "A rebuild is already running.");
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(rebuild.progress());
    }

    @GetMapping("/admin/projections/message-store")
    Replay.Progress progress(PlatformUser user) {
        requireStaff(user);
        return rebuild.progress();
    }

    private static void requireStaff(PlatformUser user) {
        if (!user.isStaff()) {
            throw ApiProblem.forbidden("not-staff", "Only platform ops and admins manage projections.");
        }
    }
}
