package org.projectchat.chat.messages;

import org.projectchat.baseline.security.PlatformUser;
import org.projectchat.baseline.web.ApiProblem;
import org.projectchat.contract.ParticipantRole;
import org.projectchat.contract.VisibilityRule;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Who the caller is in a project, from the message store's roster, as a {@link VisibilityRule.Reader}.
 * Unknown project: 404. Not (or no longer) a participant and not staff: 403.
 */
@Component
public class ProjectReaders {

    private final JdbcTemplate jdbc;

    public ProjectReaders(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public VisibilityRule.Reader readerFor(String projectId, PlatformUser user) {
        List<String> roles = jdbc.queryForList("""
                select coalesce((select role from participants where project_id = p.project_id and user_id = ? and active), '')
                from projects p where p.project_id = ?""", String.class, user.userId(), projectId);
        if (roles.isEmpty()) {
            throw ApiProblem.notFound("unknown-project", "No project chat " + projectId + ".");
        }
        ParticipantRole role = roles.getFirst().isEmpty() ? null : ParticipantRole.valueOf(roles.getFirst());
        if (role == null && !user.isStaff()) {
            throw ApiProblem.forbidden("not-participant", "You do not take part in this project chat.");
        }
        return new VisibilityRule.Reader(role, user.isStaff());
    }
}
