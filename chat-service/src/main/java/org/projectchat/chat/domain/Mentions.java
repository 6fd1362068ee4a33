package org.projectchat.chat.domain;

import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.ChatEvent.Mention;
import org.projectchat.contract.ChatEvent.Participant;
import org.projectchat.contract.FencedCode;
import org.projectchat.contract.ParticipantRole;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Finds the mentions in a Markdown body: {@code @handle} of a current participant, {@code @channel}
 * (everyone who may see the message), and the role mentions {@code @Platform Ops} and
 * {@code @Account Manager}. Nothing inside fenced or inline code counts (an unclosed fence is code to the end).
 */
public final class Mentions {

    private static final Pattern INLINE_CODE = Pattern.compile("`[^`\\n]*`");
    /**
     * An {@code @} not right after a word character, an {@code @} or a dot (so not an email address), then the name. The
     * {@code @} comes first and the look back after it, so a search tries one character at each place of the body, not
     * the look back (which was most of a post's decision on the committer's thread).
     */
    private static final Pattern MENTION = Pattern.compile(
            "@(?<![\\w@.]@)(platform[ _-]ops|account[ _-]manager|[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62}[A-Za-z0-9_])?)",
            Pattern.CASE_INSENSITIVE);

    private Mentions() {
    }

    /** The body without its code (fenced blocks as {@link FencedCode} reads them, and inline code). */
    static String withoutCode(String body) {
        return INLINE_CODE.matcher(FencedCode.prose(body)).replaceAll(" ");
    }

    public static List<Mention> parse(String body, Collection<Participant> participants) {
        if (body.indexOf('@') < 0) {
            return new ArrayList<>(); // nothing to find: the body's code is not even taken out
        }
        Map<String, Participant> byHandle = participants.stream().filter(p -> p.handle() != null)
                .collect(Collectors.toMap(p -> p.handle().toLowerCase(Locale.ROOT), p -> p, (a, b) -> a));
        Set<Mention> found = new LinkedHashSet<>();
        Matcher m = MENTION.matcher(withoutCode(body));
        while (m.find()) {
            String name = m.group(1).toLowerCase(Locale.ROOT);
            String normalized = name.replace('_', ' ').replace('-', ' ');
            if (normalized.equals("platform ops")) {
                found.add(Mention.role(ParticipantRole.PLATFORM_OPS));
            } else if (normalized.equals("account manager")) {
                found.add(Mention.role(ParticipantRole.ACCOUNT_MANAGER));
            } else if (name.equals("channel")) {
                found.add(Mention.channel());
            } else {
                Participant p = byHandle.get(name);
                if (p != null) {
                    found.add(Mention.user(p.userId(), p.handle()));
                }
            }
        }
        return new ArrayList<>(found);
    }

    public static boolean mentionsARole(List<Mention> mentions) {
        return mentions.stream().anyMatch(m -> m.type() == ChatEvent.MentionType.ROLE);
    }
}
