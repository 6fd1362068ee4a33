package org.projectchat.contract;

/** Why a participant escalates to platform ops or an account manager. */
public enum EscalationReason {
    CLIENT_UNRESPONSIVE,
    SCOPE_DISAGREEMENT,
    PAYMENT,
    TECHNICAL_ACCESS,
    CONDUCT,
    OTHER
}
