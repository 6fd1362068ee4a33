package org.projectchat.contract;

/**
 * Who may see a message. The rule that maps a reader to what they may see lives in
 * {@link VisibilityRule}; every read path uses it.
 */
public enum Visibility {
    /** Every participant of the project. */
    EVERYONE,
    /** Platform ops and admins only; experts and clients never see it. */
    INTERNAL,
    /** The client side (client, account manager) and platform ops; experts never see it. */
    CLIENT_INTERNAL
}
