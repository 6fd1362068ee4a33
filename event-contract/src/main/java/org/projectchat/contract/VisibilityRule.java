package org.projectchat.contract;

import java.util.EnumSet;
import java.util.Set;

/**
 * The one rule of who may see what. Every read path (history, live stream, search, export,
 * notifications, email, attachment download, dashboard) asks this class and nothing else.
 *
 * <ul>
 *   <li>Platform ops, as participants or by their platform role, and admins see everything.</li>
 *   <li>Someone who is not (or no longer) a participant sees nothing.</li>
 *   <li>{@code EVERYONE}: every participant.</li>
 *   <li>{@code CLIENT_INTERNAL}: the client side (client, account manager) and ops; never experts.</li>
 *   <li>{@code INTERNAL}: ops and admins only.</li>
 * </ul>
 * Writing follows reading: a participant may post with a visibility only if they may read it.
 */
public final class VisibilityRule {

    private VisibilityRule() {
    }

    /**
     * A reader of one project.
     *
     * @param projectRole   the reader's role in the project, or {@code null} if they are not a participant
     * @param platformStaff true for platform ops and admins by their platform role (token claim)
     */
    public record Reader(ParticipantRole projectRole, boolean platformStaff) {
        public static Reader participant(ParticipantRole role) {
            return new Reader(role, false);
        }

        public static Reader staff() {
            return new Reader(null, true);
        }

        public static Reader outsider() {
            return new Reader(null, false);
        }

        boolean seesEverything() {
            return platformStaff || projectRole == ParticipantRole.PLATFORM_OPS;
        }
    }

    public static boolean maySee(Reader reader, Visibility visibility) {
        if (reader.seesEverything()) {
            return true;
        }
        if (reader.projectRole() == null) {
            return false;
        }
        return switch (visibility) {
            case EVERYONE -> true;
            case CLIENT_INTERNAL -> reader.projectRole().isClientSide();
            case INTERNAL -> false;
        };
    }

    /** The visibilities a reader may see; queries filter with this set. Empty for outsiders. */
    public static Set<Visibility> visibleTo(Reader reader) {
        EnumSet<Visibility> visible = EnumSet.noneOf(Visibility.class);
        for (Visibility v : Visibility.values()) {
            if (maySee(reader, v)) {
                visible.add(v);
            }
        }
        return visible;
    }

    /** A participant may write with a visibility exactly when they may read it. */
    public static boolean mayWrite(Reader writer, Visibility visibility) {
        return maySee(writer, visibility);
    }

    /** Whether a reader may see the edit and delete history of messages (review by ops). */
    public static boolean mayReview(Reader reader) {
        return reader.seesEverything();
    }
}
