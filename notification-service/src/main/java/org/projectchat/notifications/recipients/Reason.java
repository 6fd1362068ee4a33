package org.projectchat.notifications.recipients;

/** Why someone is notified of a message, most specific first. */
public enum Reason {
    /** Tagged by @handle. */
    MENTION,
    /** Tagged by role: @Platform Ops, @Account Manager. */
    ROLE_MENTION,
    /** A message with an escalation, to ops and account managers. */
    ESCALATION,
    /** A blocker, to the client side and ops. */
    BLOCKER,
    /** A client's question, to the project's experts. */
    QUESTION,
    /** @channel: everyone who may see the message. */
    CHANNEL,
    /** The recipient asked for every message of the project. */
    ALL_MESSAGES,
    /** A timer opened an escalation case (client unresponsive, a blocker unacknowledged), to ops and account managers. */
    CASE_OPENED,
    /** The case the recipient raised was acknowledged or resolved. */
    CASE_UPDATE,
    /** A response deadline the recipient's side must meet is close. */
    DEADLINE,
    /** A reminder to the recipient: answer the expert, post a progress update or a weekly summary. */
    REMINDER,
    /** A response deadline was missed, to ops. */
    SLA_BREACH
}
