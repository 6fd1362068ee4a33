package org.projectchat.chat.chat;

import org.junit.jupiter.api.Test;
import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.ChatEvent.Participant;
import org.projectchat.contract.EscalationReason;
import org.projectchat.contract.MessageKind;
import org.projectchat.contract.ParticipantRole;
import org.projectchat.contract.Visibility;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules, without any server. */
class ChatDeciderTest {

    static final Caller PLATFORM = new Caller("svc", "Marketplace", false, true);
    static final Caller EXPERT = new Caller("u-exp", "Erik", false, false);
    static final Caller CLIENT = new Caller("u-cli", "Clara", false, false);
    static final Caller STAFF = new Caller("u-staff", "Sam", true, false);
    static final Participant EXPERT_P = new Participant("u-exp", "Erik", "erik", null, ParticipantRole.EXPERT, "UTC");
    static final Participant CLIENT_P = new Participant("u-cli", "Clara", "clara", null, ParticipantRole.CLIENT, "UTC");

    static ProjectChat open() {
        return ProjectChat.initial("p").evolve(new ChatEvent.ProjectChatOpened("p", "P", List.of(EXPERT_P, CLIENT_P)), 1);
    }

    static ChatCommand.PostMessage post(String body, Visibility visibility) {
        return new ChatCommand.PostMessage("0193a6f2-4c1e-7b3a-9d2e-5f6a7b8c9d0e", null, body, MessageKind.GENERAL,
                visibility, List.of(), null);
    }

    static Rejection rejection(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Rejected.class);
        return ((Decision.Rejected) decision).rejection();
    }

    @Test
    void onlyThePlatformOpensAChatAndOnlyOnce() {
        var opened = ChatDecider.decide(new ChatCommand.OpenProjectChat("p", "P", List.of(EXPERT_P)), ProjectChat.initial("p"), PLATFORM, null);
        assertThat(opened).isInstanceOf(Decision.Accepted.class);
        assertThat(rejection(ChatDecider.decide(new ChatCommand.OpenProjectChat("p", "P", List.of()), ProjectChat.initial("p"), EXPERT, null)).reason())
                .isEqualTo(Rejection.Reason.FORBIDDEN);
        assertThat(rejection(ChatDecider.decide(new ChatCommand.OpenProjectChat("p", "P", List.of()), open(), PLATFORM, null)).reason())
                .isEqualTo(Rejection.Reason.CONFLICT);
    }

    @Test
    void aPostTakesTheNextPositionAndCarriesResolvedMentions() {
        var decision = (Decision.Accepted) ChatDecider.decide(post("hi @clara", Visibility.EVERYONE), open(), EXPERT, null);
        var posted = (ChatEvent.MessagePosted) decision.events().getFirst();
        assertThat(posted.position()).isEqualTo(2);
        assertThat(posted.mentions()).containsExactly(ChatEvent.Mention.user("u-cli", "clara"));
    }

    @Test
    void writersMayOnlyPostWhatTheyMayRead() {
        assertThat(rejection(ChatDecider.decide(post("x", Visibility.INTERNAL), open(), EXPERT, null)).reason())
                .isEqualTo(Rejection.Reason.FORBIDDEN);
        assertThat(rejection(ChatDecider.decide(post("x", Visibility.CLIENT_INTERNAL), open(), EXPERT, null)).reason())
                .isEqualTo(Rejection.Reason.FORBIDDEN);
        assertThat(ChatDecider.decide(post("x", Visibility.CLIENT_INTERNAL), open(), CLIENT, null)).isInstanceOf(Decision.Accepted.class);
        assertThat(ChatDecider.decide(post("x", Visibility.INTERNAL), open(), STAFF, null)).isInstanceOf(Decision.Accepted.class);
    }

    @Test
    void aRemovedParticipantMayNoLongerPost() {
        ProjectChat state = open().evolve(new ChatEvent.ParticipantRemoved("u-exp"), 2);
        assertThat(rejection(ChatDecider.decide(post("x", Visibility.EVERYONE), state, EXPERT, null)).code()).isEqualTo("not-participant");
    }

    @Test
    void escalationsMustTagARole() {
        var escalation = new ChatEvent.Escalation(EscalationReason.PAYMENT, "pay invoice 12");
        var untagged = new ChatCommand.PostMessage("m", null, "invoice late", MessageKind.BLOCKER, Visibility.EVERYONE, List.of(), escalation);
        assertThat(rejection(ChatDecider.decide(untagged, open(), EXPERT, null)).reason()).isEqualTo(Rejection.Reason.UNPROCESSABLE);
        var tagged = new ChatCommand.PostMessage("m", null, "@Account Manager invoice late", MessageKind.BLOCKER, Visibility.EVERYONE, List.of(), escalation);
        assertThat(ChatDecider.decide(tagged, open(), EXPERT, null)).isInstanceOf(Decision.Accepted.class);
    }

    @Test
    void onlyTheAuthorEditsAndTheAuthorOrOpsDelete() {
        var facts = new MessageFacts("m", "u-exp", Visibility.EVERYONE, 1, false);
        assertThat(rejection(ChatDecider.decide(new ChatCommand.EditMessage("m", "new"), open(), CLIENT, facts)).reason())
                .isEqualTo(Rejection.Reason.FORBIDDEN);
        var edit = (Decision.Accepted) ChatDecider.decide(new ChatCommand.EditMessage("m", "new"), open(), EXPERT, facts);
        assertThat(((ChatEvent.MessageEdited) edit.events().getFirst()).revision()).isEqualTo(2);
        assertThat(rejection(ChatDecider.decide(new ChatCommand.DeleteMessage("m"), open(), CLIENT, facts)).reason())
                .isEqualTo(Rejection.Reason.FORBIDDEN);
        assertThat(ChatDecider.decide(new ChatCommand.DeleteMessage("m"), open(), STAFF, facts)).isInstanceOf(Decision.Accepted.class);
    }

    @Test
    void aMessageTheCallerMayNotSeeDoesNotExistForThem() {
        var internal = new MessageFacts("m", "u-staff", Visibility.INTERNAL, 1, false);
        assertThat(rejection(ChatDecider.decide(new ChatCommand.DeleteMessage("m"), open(), EXPERT, internal)).reason())
                .isEqualTo(Rejection.Reason.NOT_FOUND);
    }

    @Test
    void bodiesHaveLimits() {
        assertThat(rejection(ChatDecider.decide(post(" ", Visibility.EVERYONE), open(), EXPERT, null)).reason())
                .isEqualTo(Rejection.Reason.INVALID);
        assertThat(rejection(ChatDecider.decide(post("x".repeat(ChatDecider.MAX_BODY_CHARS + 1), Visibility.EVERYONE), open(), EXPERT, null)).reason())
                .isEqualTo(Rejection.Reason.TOO_LARGE);
        assertThat(ChatDecider.decide(post("x".repeat(ChatDecider.MAX_BODY_CHARS), Visibility.EVERYONE), open(), EXPERT, null))
                .isInstanceOf(Decision.Accepted.class);
    }
}
