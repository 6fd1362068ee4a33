package org.projectchat.contract;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdsTest {

    @Test
    void projectIdsAreSafeInPathsKeysAndLogs() {
        assertThat(Ids.isProjectId("prj-7f3a")).isTrue();
        assertThat(Ids.isProjectId("a".repeat(100))).isTrue();
        assertThat(Ids.isProjectId("a".repeat(101))).isFalse();
        assertThat(Ids.isProjectId("../etc")).isFalse();
        assertThat(Ids.isProjectId("bad id!")).isFalse();
        assertThat(Ids.isProjectId("")).isFalse();
        assertThat(Ids.isProjectId(null)).isFalse();
    }

    @Test
    void uuidsAreCanonical() {
        assertThat(Ids.isUuid(EventIds.next().toString())).isTrue();
        assertThat(Ids.isUuid("1-2-3-4-5")).isFalse(); // UUID.fromString would accept it
        assertThat(Ids.isUuid("../../etc/passwd")).isFalse();
        assertThat(Ids.isUuid(null)).isFalse();
    }
}
