package org.projectchat.chat.domain;

import org.junit.jupiter.api.Test;
import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.ChatEvent.Participant;
import org.projectchat.contract.EscalationReason;
import org.projectchat.contract.MessageKind;
import org.projectchat.contract.ParticipantRole;
import org.projectchat.contract.PlatformRole;
import org.projectchat.contract.PlatformUser;
import org.projectchat.contract.Visibility;
import org.projectchat.eventsourcing.decider.DeciderScenario;
import org.projectchat.eventsourcing.decider.Rejection;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules, without any server: given events, when a command, then events or a rejection. */
class ChatDeciderTest {

    static final PlatformUser PLATFORM = new PlatformUser("svc", "Marketplace", null, Set.of(PlatformRole.PLATFORM_SERVICE));
    static final PlatformUser EXPERT = new PlatformUser("u-exp", "Erik", null, Set.of(PlatformRole.USER));
    static final PlatformUser CLIENT = new PlatformUser("u-cli", "Clara", null, Set.of(PlatformRole.USER));
    static final PlatformUser STAFF = new PlatformUser("u-staff", "Sam", null, Set.of(PlatformRole.PLATFORM_OPS));
    static final Participant EXPERT_P = new Participant("u-exp", "Erik", "erik", null, ParticipantRole.EXPERT, "UTC");
    static final Participant CLIENT_P = new Participant("u-cli", "Clara", "clara", null, ParticipantRole.CLIENT, "UTC");
    static final ChatEvent OPENED = new ChatEvent.ProjectChatOpened("p", "P", List.of(EXPERT_P, CLIENT_P));

    static final DeciderScenario<ChatDecider.Issued, ProjectChat, ChatEvent> CHAT = DeciderScenario.with(new ChatDecider(), "p");

    static ChatDecider.Issued by(PlatformUser caller, ChatCommand command) {
        return new ChatDecider.Issued(command, caller, null);
    }

    static ChatDecider.Issued by(PlatformUser caller, ChatCommand command, MessageFacts target) {
        return new ChatDecider.Issued(command, caller, target);
    }

    static ChatCommand.PostMessage post(String body, Visibility visibility) {
        return new ChatCommand.PostMessage("0193a6f2-4c1e-7b3a-9d2e-5f6a7b8c9d0e", null, body, MessageKind.GENERAL,
                visibility, List.of(), null);
    }

    @Test
    void onlyThePlatformOpensAChatAndOnlyOnce() {
        CHAT.given().when(by(PLATFORM, new ChatCommand.OpenProjectChat("p", "P", List.of(EXPERT_P))))
                .thenEvent(ChatEvent.ProjectChatOpened.class);
        assertThat(CHAT.given().when(by(EXPERT, new ChatCommand.OpenProjectChat("p", "P", List.of()))).thenRejected().reason())
                .isEqualTo(Rejection.Reason.FORBIDDEN);
        assertThat(CHAT.given(OPENED).when(by(PLATFORM, new ChatCommand.OpenProjectChat("p", "P", List.of()))).thenRejected().reason())
                .isEqualTo(Rejection.Reason.CONFLICT);
    }

    @Test
    void aPostTakesTheNextPositionAndCarriesResolvedMentions() {
        var posted = CHAT.given(OPENED).when(by(EXPERT, post("hi @clara", Visibility.EVERYONE))).thenEvent(ChatEvent.MessagePosted.class);
        assertThat(posted.position()).isEqualTo(2);
        assertThat(posted.mentions()).containsExactly(ChatEvent.Mention.user("u-cli", "clara"));
    }

    @Test
    void writersMayOnlyPostWhatTheyMayRead() {
        assertThat(CHAT.given(OPENED).when(by(EXPERT, post("x", Visibility.INTERNAL))).thenRejected().reason())
                .isEqualTo(Rejection.Reason.FORBIDDEN);
        assertThat(CHAT.given(OPENED).when(by(EXPERT, post("x", Visibility.CLIENT_INTERNAL))).thenRejected().reason())
                .isEqualTo(Rejection.Reason.FORBIDDEN);
        CHAT.given(OPENED).when(by(CLIENT, post("x", Visibility.CLIENT_INTERNAL))).thenEvent(ChatEvent.MessagePosted.class);
        CHAT.given(OPENED).when(by(STAFF, post("x", Visibility.INTERNAL))).thenEvent(ChatEvent.MessagePosted.class);
    }

    @Test
    void aRemovedParticipantMayNoLongerPost() {
        assertThat(CHAT.given(OPENED, new ChatEvent.ParticipantRemoved("u-exp"))
                .when(by(EXPERT, post("x", Visibility.EVERYONE))).thenRejected().code()).isEqualTo("not-participant");
    }

    @Test
    void escalationsMustTagARole() {
        var escalation = new ChatEvent.Escalation(EscalationReason.PAYMENT, "pay invoice 12");
        var untagged = new ChatCommand.PostMessage("m", null, "invoice late", MessageKind.BLOCKER, Visibility.EVERYONE, List.of(), escalation);
        assertThat(CHAT.given(OPENED).when(by(EXPERT, untagged)).thenRejected().reason()).isEqualTo(Rejection.Reason.UNPROCESSABLE);
        var tagged = new ChatCommand.PostMessage("m", null, "@Account Manager invoice late", MessageKind.BLOCKER, Visibility.EVERYONE, List.of(), escalation);
        CHAT.given(OPENED).when(by(EXPERT, tagged)).thenEvent(ChatEvent.MessagePosted.class);
    }

    @Test
    void onlyTheAuthorEditsAndTheAuthorOrOpsDelete() {
        var facts = new MessageFacts("m", "u-exp", Visibility.EVERYONE, 1, false);
        assertThat(CHAT.given(OPENED).when(by(CLIENT, new ChatCommand.EditMessage("m", "new"), facts)).thenRejected().reason())
                .isEqualTo(Rejection.Reason.FORBIDDEN);
        var edited = CHAT.given(OPENED).when(by(EXPERT, new ChatCommand.EditMessage("m", "new"), facts)).thenEvent(ChatEvent.MessageEdited.class);
        assertThat(edited.revision()).isEqualTo(2);
        assertThat(CHAT.given(OPENED).when(by(CLIENT, new ChatCommand.DeleteMessage("m"), facts)).thenRejected().reason())
                .isEqualTo(Rejection.Reason.FORBIDDEN);
        CHAT.given(OPENED).when(by(STAFF, new ChatCommand.DeleteMessage("m"), facts)).thenEvent(ChatEvent.MessageDeleted.class);
    }

    @Test
    void aMessageTheCallerMayNotSeeDoesNotExistForThem() {
        var internal = new MessageFacts("m", "u-staff", Visibility.INTERNAL, 1, false);
        assertThat(CHAT.given(OPENED).when(by(EXPERT, new ChatCommand.DeleteMessage("m"), internal)).thenRejected().reason())
                .isEqualTo(Rejection.Reason.NOT_FOUND);
    }

    @Test
    void bodiesHaveLimits() {
        assertThat(CHAT.given(OPENED).when(by(EXPERT, post(" ", Visibility.EVERYONE))).thenRejected().reason())
                .isEqualTo(Rejection.Reason.INVALID);
        assertThat(CHAT.given(OPENED).when(by(EXPERT, post("x".repeat(ChatDecider.MAX_BODY_CHARS + 1), Visibility.EVERYONE)))
                .thenRejected().reason()).isEqualTo(Rejection.Reason.TOO_LARGE);
        CHAT.given(OPENED).when(by(EXPERT, post("x".repeat(ChatDecider.MAX_BODY_CHARS), Visibility.EVERYONE)))
                .thenEvent(ChatEvent.MessagePosted.class);
    }
}
