package org.projectchat.contract;

/** The role a participant holds in one project chat. Several experts may take part in one project. */
public enum ParticipantRole {
    EXPERT,
    CLIENT,
    PLATFORM_OPS,
    ACCOUNT_MANAGER;

    /** Client side of a project: the client and the account manager who looks after an enterprise client. */
    public boolean isClientSide() {
        return this == CLIENT || this == ACCOUNT_MANAGER;
    }
}
