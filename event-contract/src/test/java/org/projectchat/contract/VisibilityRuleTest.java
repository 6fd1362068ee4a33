package org.projectchat.contract;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.projectchat.contract.VisibilityRule.Reader;

class VisibilityRuleTest {

    @ParameterizedTest(name = "{0} sees {1}: {2}")
    @CsvSource({
            "EXPERT, EVERYONE, true",
            "EXPERT, INTERNAL, false",
            "EXPERT, CLIENT_INTERNAL, false",
            "CLIENT, EVERYONE, true",
            "CLIENT, INTERNAL, false",
            "CLIENT, CLIENT_INTERNAL, true",
            "ACCOUNT_MANAGER, EVERYONE, true",
            "ACCOUNT_MANAGER, INTERNAL, false",
            "ACCOUNT_MANAGER, CLIENT_INTERNAL, true",
            "PLATFORM_OPS, EVERYONE, true",
            "PLATFORM_OPS, INTERNAL, true",
            "PLATFORM_OPS, CLIENT_INTERNAL, true",
    })
    void participantsSeeWhatTheirRoleAllows(ParticipantRole role, Visibility visibility, boolean sees) {
        assertThat(VisibilityRule.maySee(Reader.participant(role), visibility)).isEqualTo(sees);
        assertThat(VisibilityRule.mayWrite(Reader.participant(role), visibility)).isEqualTo(sees);
    }

    @Test
    void outsidersSeeNothingAndStaffSeeEverything() {
        assertThat(VisibilityRule.visibleTo(Reader.outsider())).isEmpty();
        assertThat(VisibilityRule.visibleTo(Reader.staff())).containsExactlyInAnyOrder(Visibility.values());
        assertThat(VisibilityRule.mayReview(Reader.participant(ParticipantRole.EXPERT))).isFalse();
        assertThat(VisibilityRule.mayReview(Reader.participant(ParticipantRole.PLATFORM_OPS))).isTrue();
    }
}
