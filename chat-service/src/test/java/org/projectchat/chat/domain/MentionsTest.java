package org.projectchat.chat.domain;

import org.junit.jupiter.api.Test;
import org.projectchat.contract.ChatEvent.Mention;
import org.projectchat.contract.ChatEvent.Participant;
import org.projectchat.contract.ParticipantRole;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MentionsTest {

    static final List<Participant> PEOPLE = List.of(
            new Participant("u-1", "Erik", "erik", null, ParticipantRole.EXPERT, "UTC"),
            new Participant("u-2", "Clara", "clara.b", null, ParticipantRole.CLIENT, "UTC"));

    @Test
    void findsHandlesChannelAndRoleMentions() {
        assertThat(Mentions.parse("Hi @erik and @clara.b, @channel: ask @Platform Ops or @account manager.", PEOPLE))
                .containsExactly(Mention.user("u-1", "erik"), Mention.user("u-2", "clara.b"), Mention.channel(),
                        Mention.role(ParticipantRole.PLATFORM_OPS), Mention.role(ParticipantRole.ACCOUNT_MANAGER));
    }

    @Test
    void ignoresCodeBlocksInlineCodeEmailsUnknownHandlesAndRepeats() {
        String body = """
                mail erik@example.com, ping @nobody
                ```
                @erik inside a fence
                ```
                and `@clara.b` inline, then @ERIK twice @erik.""";
        assertThat(Mentions.parse(body, PEOPLE)).containsExactly(Mention.user("u-1", "erik"));
    }

    @Test
    void anUnclosedFenceHidesTheRest() {
        assertThat(Mentions.parse("look:\n```\n@erik", PEOPLE)).isEmpty();
    }

    @Test
    void countsAnAtOnlyAtTheStartOrAfterSomethingThatEndsAWord() {
        assertThat(Mentions.parse("@erik", PEOPLE)).containsExactly(Mention.user("u-1", "erik"));
        assertThat(Mentions.parse("(@erik)\n@clara.b", PEOPLE))
                .containsExactly(Mention.user("u-1", "erik"), Mention.user("u-2", "clara.b"));
        assertThat(Mentions.parse("a.@erik x_@erik @@erik", PEOPLE)).isEmpty();
        assertThat(Mentions.parse("no one at all", PEOPLE)).isEmpty();
    }
}
