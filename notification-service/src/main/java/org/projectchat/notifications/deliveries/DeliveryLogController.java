package org.projectchat.notifications.deliveries;

import io.swagger.v3.oas.annotations.Operation;
import org.projectchat.baseline.web.ApiProblem;
import org.projectchat.contract.PlatformUser;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** "Why didn't I get notified?": the delivery log, one's own, or anyone's for ops. */
@RestController
public class DeliveryLogController {

    static final int MAX_PAGE = 200;

    private final DeliveryLog log;

    public DeliveryLogController(DeliveryLog log) {
        this.log = log;
    }

    @Operation(summary = "The caller's delivery log, newest first: each notification's state per channel")
    @GetMapping("/me/deliveries")
    DeliveryLog.Page mine(PlatformUser user, @RequestParam(required = false) Long before,
                          @RequestParam(defaultValue = "50") int limit, @RequestParam(required = false) String messageId) {
        return log.page(user.userId(), false, cursor(before), limit(limit), messageId);
    }

    @Operation(summary = "Anyone's delivery log (ops)")
    @GetMapping("/users/{userId}/deliveries")
    DeliveryLog.Page anyones(PlatformUser user, @PathVariable String userId, @RequestParam(required = false) Long before,
                             @RequestParam(defaultValue = "50") int limit, @RequestParam(required = false) String messageId) {
        requireStaff(user);
        return log.page(userId, true, cursor(before), limit(limit), messageId);
    }

    static void requireStaff(PlatformUser user) {
        if (!user.isStaff()) {
            throw ApiProblem.forbidden("staff-only", "Only platform ops read others' notifications.");
        }
    }

    private static int limit(int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw ApiProblem.badRequest("invalid-limit", "limit is 1 to " + MAX_PAGE + ".");
        }
        return limit;
    }

    private static Long cursor(Long before) {
        if (before != null && before < 1) {
            throw ApiProblem.badRequest("invalid-cursor", "before is an id from a previous page.");
        }
        return before;
    }
}
