package org.projectchat.notifications.recipients;

import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.ChatEvent.Mention;
import org.projectchat.contract.MessageKind;
import org.projectchat.contract.ParticipantRole;
import org.projectchat.contract.Visibility;
import org.projectchat.contract.VisibilityRule;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Who is notified of a message, and why: one pure function built on the visibility rule. Never the author; never
 * someone the rule keeps from the message (a targeted mention of them is recorded as suppressed, for ops' eyes
 * only); each recipient once, for the most specific reason; each recipient's level decides whether it reaches them.
 */
public final class Recipients {

    private Recipients() {
    }

    /** A participant of the project now. */
    public record Member(String userId, String handle, ParticipantRole role) {
    }

    /** What the rule needs of a message. */
    public record Message(String authorId, ParticipantRole authorRole, MessageKind kind, Visibility visibility,
                          boolean urgent, boolean escalation, List<Mention> mentions) {
        public static Message of(ChatEvent.MessagePosted posted, String authorId, ParticipantRole authorRole) {
            return new Message(authorId, authorRole, posted.kind(), posted.visibility(),
                    org.projectchat.contract.Urgency.isUrgent(posted), posted.escalation() != null, posted.mentions());
        }
    }

    public record Notify(String userId, Reason reason, boolean urgent) {
    }

    public record Suppressed(String userId, Reason reason, Suppression why) {
    }

    /**
     * @param unanswered role mentions that reach nobody: the project has no other participant with that role
     */
    public record Outcome(List<Notify> notified, List<Suppressed> suppressed, List<ParticipantRole> unanswered) {
    }

    /** The mention-like reasons: the only ones an edit can add. */
    public static final Set<Reason> MENTIONS = EnumSet.of(Reason.MENTION, Reason.ROLE_MENTION, Reason.CHANNEL);

    /** Recipients of a new post. */
    public static Outcome ofPost(Message message, List<Member> members, Function<String, Level> levels) {
        return decide(message, members, levels, EnumSet.allOf(Reason.class));
    }

    /** Recipients of the mentions an edit carries (whoever was notified of the message before is skipped later). */
    public static Outcome ofEdit(Message message, List<Member> members, Function<String, Level> levels) {
        return decide(message, members, levels, MENTIONS);
    }

    private static Outcome decide(Message message, List<Member> members, Function<String, Level> levels, Set<Reason> considered) {
        List<Notify> notify = new ArrayList<>();
        List<Suppressed> suppressed = new ArrayList<>();
        for (Member member : members) {
            if (member.userId().equals(message.authorId())) {
                continue;
            }
            Reason reason = reason(message, member, considered);
            Level level = levels.apply(member.userId());
            if (reason == null && considered.contains(Reason.ALL_MESSAGES) && level == Level.ALL) {
                reason = Reason.ALL_MESSAGES;
            }
            if (reason == null) {
                continue;
            }
            boolean maySee = VisibilityRule.maySee(VisibilityRule.Reader.participant(member.role()), message.visibility());
            if (!maySee) {
                // @channel and the kind-based reasons only ever mean those who may see the message; a mention by
                // name or role of someone who may not is worth a line in the log (that ops read, not they)
                if (reason == Reason.MENTION || reason == Reason.ROLE_MENTION) {
                    suppressed.add(new Suppressed(member.userId(), reason, Suppression.NOT_ALLOWED_TO_SEE));
                }
                continue;
            }
            if (level == Level.URGENT_ONLY && !message.urgent()) {
                suppressed.add(new Suppressed(member.userId(), reason, Suppression.PREFERENCE));
                continue;
            }
            notify.add(new Notify(member.userId(), reason, message.urgent()));
        }
        return new Outcome(notify, suppressed, unanswered(message, members));
    }

    /** The most specific reason a member has to hear of the message, or null. */
    private static Reason reason(Message message, Member member, Set<Reason> considered) {
        Map<Reason, Boolean> reasons = new LinkedHashMap<>(); // in order of precedence
        reasons.put(Reason.MENTION, message.mentions().stream().anyMatch(m -> m.type() == ChatEvent.MentionType.USER
                && member.userId().equals(m.userId())));
        reasons.put(Reason.ROLE_MENTION, message.mentions().stream().anyMatch(m -> m.type() == ChatEvent.MentionType.ROLE
                && m.role() == member.role()));
        reasons.put(Reason.ESCALATION, message.escalation()
                && (member.role() == ParticipantRole.PLATFORM_OPS || member.role() == ParticipantRole.ACCOUNT_MANAGER));
        reasons.put(Reason.BLOCKER, message.kind() == MessageKind.BLOCKER
                && (member.role().isClientSide() || member.role() == ParticipantRole.PLATFORM_OPS));
        reasons.put(Reason.QUESTION, message.kind() == MessageKind.QUESTION && message.authorRole() == ParticipantRole.CLIENT
                && member.role() == ParticipantRole.EXPERT);
        reasons.put(Reason.CHANNEL, message.mentions().stream().anyMatch(m -> m.type() == ChatEvent.MentionType.CHANNEL));
        for (var entry : reasons.entrySet()) {
            if (entry.getValue() && considered.contains(entry.getKey())) {
                return entry.getKey();
            }
        }
        return null;
    }

    /** Role mentions that reach no one: nobody but the author has the role. */
    private static List<ParticipantRole> unanswered(Message message, List<Member> members) {
        List<ParticipantRole> unanswered = new ArrayList<>();
        for (Mention mention : message.mentions()) {
            if (mention.type() == ChatEvent.MentionType.ROLE && members.stream()
                    .noneMatch(m -> m.role() == mention.role() && !m.userId().equals(message.authorId()))) {
                unanswered.add(mention.role());
            }
        }
        return unanswered;
    }
}
