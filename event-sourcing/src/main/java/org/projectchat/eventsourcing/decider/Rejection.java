package org.projectchat.eventsourcing.decider;

/**
 * Why a command was refused. Nothing is appended for a rejected command.
 *
 * @param reason what kind of refusal, which decides the HTTP status
 * @param code   a stable slug for clients (the problem type)
 * @param detail a sentence for people
 */
public record Rejection(Reason reason, String code, String detail) {

    public enum Reason { NOT_FOUND, FORBIDDEN, INVALID, UNPROCESSABLE, TOO_LARGE, CONFLICT }

    public static Rejection notFound(String code, String detail) {
        return new Rejection(Reason.NOT_FOUND, code, detail);
    }

    public static Rejection forbidden(String code, String detail) {
        return new Rejection(Reason.FORBIDDEN, code, detail);
    }

    public static Rejection invalid(String code, String detail) {
        return new Rejection(Reason.INVALID, code, detail);
    }

    public static Rejection unprocessable(String code, String detail) {
        return new Rejection(Reason.UNPROCESSABLE, code, detail);
    }

    public static Rejection tooLarge(String code, String detail) {
        return new Rejection(Reason.TOO_LARGE, code, detail);
    }

    public static Rejection conflict(String code, String detail) {
        return new Rejection(Reason.CONFLICT, code, detail);
    }
}
