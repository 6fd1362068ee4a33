package org.projectchat.eventsourcing.command;

import org.projectchat.baseline.web.ApiProblem;
import org.projectchat.eventsourcing.decider.Rejection;

/** A decider's rejection as the problem+json a client gets. */
public final class Rejections {

    private Rejections() {
    }

    public static ApiProblem problem(Rejection rejection) {
        return switch (rejection.reason()) {
            case NOT_FOUND -> ApiProblem.notFound(rejection.code(), rejection.detail());
            case FORBIDDEN -> ApiProblem.forbidden(rejection.code(), rejection.detail());
            case INVALID -> ApiProblem.badRequest(rejection.code(), rejection.detail());
            case UNPROCESSABLE -> ApiProblem.unprocessable(rejection.code(), rejection.detail());
            case TOO_LARGE -> ApiProblem.tooLarge(rejection.code(), rejection.detail());
            case CONFLICT -> ApiProblem.conflict(rejection.code(), rejection.detail());
        };
    }
}
