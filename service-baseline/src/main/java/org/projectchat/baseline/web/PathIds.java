package org.projectchat.baseline.web;

import org.projectchat.contract.Ids;

/** Ids taken from request paths, checked before anything else: a malformed one is a 400 problem. */
public final class PathIds {

    private PathIds() {
    }

    public static void requireProjectId(String projectId) {
        if (!Ids.isProjectId(projectId)) {
            throw ApiProblem.badRequest("invalid-project-id",
                    "A project id is 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }
    }

    /** @param what names the id in the problem, e.g. "message id" */
    public static void requireUuid(String what, String id) {
        if (!Ids.isUuid(id)) {
            throw ApiProblem.badRequest("invalid-" + what.replace(' ', '-'), "A " + what + " is a UUID.");
        }
    }
}
