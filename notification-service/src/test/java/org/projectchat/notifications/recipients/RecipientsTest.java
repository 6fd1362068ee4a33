package org.projectchat.notifications.recipients;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.projectchat.contract.ChatEvent.Mention;
import org.projectchat.contract.MessageKind;
import org.projectchat.contract.ParticipantRole;
import org.projectchat.contract.Visibility;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.projectchat.contract.ParticipantRole.ACCOUNT_MANAGER;
import static org.projectchat.contract.ParticipantRole.CLIENT;
import static org.projectchat.contract.ParticipantRole.EXPERT;
import static org.projectchat.contract.ParticipantRole.PLATFORM_OPS;

/** Who hears of a message: role × visibility × mention type, and the rules around them. */
class RecipientsTest {

    static final Recipients.Member ERIK = new Recipients.Member("u-erik", "erik", EXPERT);
    static final Recipients.Member EVA = new Recipients.Member("u-eva", "eva", EXPERT);
    static final Recipients.Member CLARA = new Recipients.Member("u-clara", "clara", CLIENT);
    static final Recipients.Member ANNA = new Recipients.Member("u-anna", "anna", ACCOUNT_MANAGER);
    static final Recipients.Member OLGA = new Recipients.Member("u-olga", "olga", PLATFORM_OPS);
    static final List<Recipients.Member> ALL = List.of(ERIK, EVA, CLARA, ANNA, OLGA);

    static Recipients.Message post(Recipients.Member author, Visibility visibility, MessageKind kind, List<Mention> mentions) {
        return new Recipients.Message(author.userId(), author.role(), kind, visibility, kind == MessageKind.BLOCKER, false, mentions);
    }

    static Set<String> notified(Recipients.Outcome outcome) {
        return outcome.notified().stream().map(Recipients.Notify::userId).collect(Collectors.toSet());
    }

    static Recipients.Outcome decide(Recipients.Message message) {
        return Recipients.ofPost(message, ALL, u -> Level.MENTIONS);
    }

    /** Every role as author, every visibility, each kind of mention: exactly who may see it and was meant, never the author. */
    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Recipients.Member author : List.of(ERIK, CLARA, ANNA, OLGA)) {
            for (Visibility visibility : Visibility.values()) {
                if (!mayWrite(author.role(), visibility)) {
                    continue;
                }
                Map<String, List<Mention>> mentions = Map.of(
                        "@erik", List.of(Mention.user("u-erik", "erik")),
                        "@clara", List.of(Mention.user("u-clara", "clara")),
                        "@channel", List.of(Mention.channel()),
                        "@Platform Ops", List.of(Mention.role(PLATFORM_OPS)),
                        "@Account Manager", List.of(Mention.role(ACCOUNT_MANAGER)),
                        "@Expert", List.of(Mention.role(EXPERT)));
                mentions.forEach((label, m) -> cases.add(Arguments.of(author, visibility, label, m)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} writes {1} with {2}")
    @MethodSource("matrix")
    void roleByVisibilityByMention(Recipients.Member author, Visibility visibility, String label, List<Mention> mentions) {
        Recipients.Outcome outcome = decide(post(author, visibility, MessageKind.GENERAL, mentions));
        Set<String> expected = ALL.stream()
                .filter(m -> !m.equals(author))
                .filter(m -> mayWrite(m.role(), visibility))      // who may see it
                .filter(m -> meant(m, mentions))                  // who was meant
                .map(Recipients.Member::userId).collect(Collectors.toSet());
        assertThat(notified(outcome)).as(author.handle() + " " + visibility + " " + label).isEqualTo(expected);
        // someone named who may not see it is logged as suppressed, never notified
        for (Recipients.Suppressed s : outcome.suppressed()) {
            assertThat(s.why()).isEqualTo(Suppression.NOT_ALLOWED_TO_SEE);
            assertThat(expected).doesNotContain(s.userId());
        }
    }

    static boolean meant(Recipients.Member m, List<Mention> mentions) {
        return mentions.stream().anyMatch(x -> switch (x.type()) {
            case USER -> m.userId().equals(x.userId());
            case CHANNEL -> true;
            case ROLE -> m.role() == x.role();
        });
    }

    /** The visibility rule, restated for the test: who may see what. */
    static boolean mayWrite(ParticipantRole role, Visibility visibility) {
        return switch (visibility) {
            case EVERYONE -> true;
            case CLIENT_INTERNAL -> role == CLIENT || role == ACCOUNT_MANAGER || role == PLATFORM_OPS;
            case INTERNAL -> role == PLATFORM_OPS;
        };
    }

    @Test
    void anInternalNoteNamingAnExpertNeverNotifiesThem() {
        var outcome = decide(post(OLGA, Visibility.INTERNAL, MessageKind.GENERAL,
                List.of(Mention.user("u-erik", "erik"), Mention.channel(), Mention.role(EXPERT))));
        assertThat(notified(outcome)).isEmpty();
        assertThat(outcome.suppressed()).extracting(Recipients.Suppressed::userId).containsExactlyInAnyOrder("u-erik", "u-eva");
    }

    @Test
    void aClientInternalChannelMentionNeverReachesAnExpert() {
        var outcome = decide(post(CLARA, Visibility.CLIENT_INTERNAL, MessageKind.GENERAL, List.of(Mention.channel())));
        assertThat(notified(outcome)).containsExactlyInAnyOrder("u-anna", "u-olga");
        assertThat(outcome.suppressed()).isEmpty(); // @channel means those who may see it: nothing to log for experts
    }

    @Test
    void aBlockerGoesToTheClientSideAndOpsAndIsUrgent() {
        var outcome = decide(post(ERIK, Visibility.EVERYONE, MessageKind.BLOCKER, List.of()));
        assertThat(notified(outcome)).containsExactlyInAnyOrder("u-clara", "u-anna", "u-olga");
        assertThat(outcome.notified()).allSatisfy(n -> {
            assertThat(n.reason()).isEqualTo(Reason.BLOCKER);
            assertThat(n.urgent()).isTrue();
        });
    }

    @Test
    void aClientsQuestionGoesToTheExperts() {
        var outcome = decide(post(CLARA, Visibility.EVERYONE, MessageKind.QUESTION, List.of()));
        assertThat(notified(outcome)).containsExactlyInAnyOrder("u-erik", "u-eva");
        var expertsQuestion = decide(post(ERIK, Visibility.EVERYONE, MessageKind.QUESTION, List.of()));
        assertThat(notified(expertsQuestion)).isEmpty();
    }

    @Test
    void anEscalationGoesToOpsAndAccountManagers() {
        var message = new Recipients.Message("u-erik", EXPERT, MessageKind.GENERAL, Visibility.EVERYONE, true, true, List.of());
        var outcome = decide(message);
        assertThat(notified(outcome)).containsExactlyInAnyOrder("u-anna", "u-olga");
        assertThat(outcome.notified()).allSatisfy(n -> assertThat(n.reason()).isEqualTo(Reason.ESCALATION));
    }

    @Test
    void aRoleMentionWithNobodyInTheRoleIsReportedNotSilentlyDropped() {
        List<Recipients.Member> noManager = List.of(ERIK, CLARA, OLGA);
        var outcome = Recipients.ofPost(post(ERIK, Visibility.EVERYONE, MessageKind.GENERAL, List.of(Mention.role(ACCOUNT_MANAGER))),
                noManager, u -> Level.MENTIONS);
        assertThat(notified(outcome)).isEmpty();
        assertThat(outcome.unanswered()).containsExactly(ACCOUNT_MANAGER);
    }

    @Test
    void levelsDecideWhatReachesSomeone() {
        var plain = post(ERIK, Visibility.EVERYONE, MessageKind.GENERAL, List.of());
        assertThat(notified(Recipients.ofPost(plain, ALL, u -> u.equals("u-clara") ? Level.ALL : Level.MENTIONS)))
                .containsExactly("u-clara");
        var mention = post(ERIK, Visibility.EVERYONE, MessageKind.GENERAL, List.of(Mention.user("u-clara", "clara")));
        var quiet = Recipients.ofPost(mention, ALL, u -> Level.URGENT_ONLY);
        assertThat(notified(quiet)).isEmpty();
        assertThat(quiet.suppressed()).containsExactly(new Recipients.Suppressed("u-clara", Reason.MENTION, Suppression.PREFERENCE));
        var urgent = new Recipients.Message("u-erik", EXPERT, MessageKind.GENERAL, Visibility.EVERYONE, true, false,
                List.of(Mention.user("u-clara", "clara")));
        assertThat(notified(Recipients.ofPost(urgent, ALL, u -> Level.URGENT_ONLY))).containsExactly("u-clara");
    }

    @Test
    void theMostSpecificReasonWinsAndEachRecipientIsNotifiedOnce() {
        var message = post(ERIK, Visibility.EVERYONE, MessageKind.BLOCKER,
                List.of(Mention.user("u-clara", "clara"), Mention.channel(), Mention.role(CLIENT)));
        var outcome = decide(message);
        assertThat(outcome.notified()).filteredOn(n -> n.userId().equals("u-clara")).singleElement()
                .extracting(Recipients.Notify::reason).isEqualTo(Reason.MENTION);
        assertThat(outcome.notified()).extracting(Recipients.Notify::userId).doesNotHaveDuplicates().doesNotContain("u-erik");
    }

    @Test
    void anEditConsidersMentionsOnly() {
        var edit = post(CLARA, Visibility.EVERYONE, MessageKind.QUESTION, List.of(Mention.user("u-anna", "anna")));
        assertThat(notified(Recipients.ofEdit(edit, ALL, u -> Level.ALL))).containsExactly("u-anna");
    }
}
