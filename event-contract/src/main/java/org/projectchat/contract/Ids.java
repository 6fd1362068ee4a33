package org.projectchat.contract;

import java.util.UUID;
import java.util.regex.Pattern;

/** The shapes of the ids the contract uses; one definition for every service and for the decider. */
public final class Ids {

    /** 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit: safe in paths, keys and logs. */
    private static final Pattern PROJECT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private Ids() {
    }

    public static boolean isProjectId(String id) {
        return id != null && PROJECT_ID.matcher(id).matches();
    }

    /** A UUID in its canonical 36-character form (message ids, file ids). */
    public static boolean isUuid(String id) {
        if (id == null || id.length() != 36) {
            return false;
        }
        try {
            UUID.fromString(id);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
