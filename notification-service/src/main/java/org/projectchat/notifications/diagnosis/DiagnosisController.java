package org.projectchat.notifications.diagnosis;

import io.swagger.v3.oas.annotations.Operation;
import org.projectchat.baseline.web.ApiProblem;
import org.projectchat.contract.PlatformUser;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** "Why didn't I get notified?", answered: one's own diagnosis, or anyone's for ops. */
@RestController
public class DiagnosisController {

    private final Diagnosis diagnosis;
    private final TestNotification test;

    public DiagnosisController(Diagnosis diagnosis, TestNotification test) {
        this.diagnosis = diagnosis;
        this.test = test;
    }

    @Operation(summary = "Send the caller a test email and a test push to each of their browsers now; what became of each")
    @PostMapping("/me/test-notification")
    TestNotification.Report sendTest(PlatformUser user) {
        return test.send(user);
    }

    @Operation(summary = "Why the caller may not be getting notifications: email, Do Not Disturb, hours, push, what was suppressed")
    @GetMapping("/me/diagnosis")
    Diagnosis.Report mine(PlatformUser user) {
        return diagnosis.of(user.userId(), false);
    }

    @Operation(summary = "Anyone's diagnosis (ops)")
    @GetMapping("/users/{userId}/diagnosis")
    Diagnosis.Report anyones(PlatformUser user, @PathVariable String userId) {
        if (!user.isStaff()) {
            throw ApiProblem.forbidden("staff-only", "Only platform ops read others' notifications.");
        }
        return diagnosis.of(userId, true);
    }
}
