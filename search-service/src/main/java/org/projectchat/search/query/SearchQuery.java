package org.projectchat.search.query;

import org.projectchat.baseline.web.ApiProblem;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a user typed, parsed: free words, "exact phrases", -excluded words and operators
 * ({@code from:@handle}, {@code in:project}, {@code kind:}, {@code has:file|code},
 * {@code before:}, {@code after:}, {@code on:} dates in the user's time zone). Everything becomes
 * plain values for match and term queries, so nothing a user types can become query DSL.
 */
public record SearchQuery(List<String> words, List<String> phrases, List<String> excluded, List<String> fromHandles,
                          List<String> projects, List<String> kinds, boolean hasFile, boolean hasCode,
                          Instant postedBefore, Instant postedFrom) {

    static final Map<String, String> KINDS = Map.ofEntries(
            Map.entry("question", "QUESTION"), Map.entry("blocker", "BLOCKER"),
            Map.entry("update", "PROGRESS_UPDATE"), Map.entry("progress", "PROGRESS_UPDATE"),
            Map.entry("weekly", "WEEKLY_SUMMARY"), Map.entry("summary", "WEEKLY_SUMMARY"),
            Map.entry("milestone", "MILESTONE"), Map.entry("general", "GENERAL"));

    public static SearchQuery parse(String input, ZoneId zone) {
        if (input == null || input.isBlank()) {
            throw ApiProblem.badRequest("empty-query", "Type something to search for.");
        }
        if (input.length() > 500) {
            throw ApiProblem.badRequest("query-too-long", "A query has at most 500 characters.");
        }
        List<String> words = new ArrayList<>();
        List<String> phrases = new ArrayList<>();
        List<String> excluded = new ArrayList<>();
        List<String> from = new ArrayList<>();
        List<String> projects = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        boolean hasFile = false;
        boolean hasCode = false;
        Instant before = null;
        Instant after = null;
        int i = 0;
        while (i < input.length()) {
            char c = input.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            boolean negated = c == '-' && i + 1 < input.length() && !Character.isWhitespace(input.charAt(i + 1));
            int start = negated ? i + 1 : i;
            if (input.charAt(start) == '"') {
                int close = input.indexOf('"', start + 1);
                if (close < 0) {
                    throw ApiProblem.badRequest("unbalanced-quotes", "A quoted phrase is not closed.");
                }
                String phrase = input.substring(start + 1, close).strip();
                if (!phrase.isEmpty()) {
                    (negated ? excluded : phrases).add(phrase);
                }
                i = close + 1;
                continue;
            }
            int end = start;
            while (end < input.length() && !Character.isWhitespace(input.charAt(end))) {
                end++;
            }
            String token = input.substring(start, end);
            i = end;
            int colon = token.indexOf(':');
            boolean url = token.startsWith("//", colon + 1); // https://…, not an operator
            if (!negated && colon > 0 && !url && token.substring(0, colon).matches("[a-zA-Z]+")) {
                String operator = token.substring(0, colon).toLowerCase(Locale.ROOT);
                String value = token.substring(colon + 1);
                if (value.isEmpty()) {
                    throw ApiProblem.badRequest("empty-operator", operator + ": needs a value.");
                }
                switch (operator) {
                    case "from" -> from.add(value.startsWith("@") ? value.substring(1) : value);
                    case "in" -> projects.add(value);
                    case "kind" -> {
                        String kind = KINDS.get(value.toLowerCase(Locale.ROOT));
                        if (kind == null) {
                            throw ApiProblem.badRequest("unknown-kind", "kind: is one of " + String.join(", ", KINDS.keySet()) + ".");
                        }
                        kinds.add(kind);
                    }
                    case "has" -> {
                        switch (value.toLowerCase(Locale.ROOT)) {
                            case "file", "attachment" -> hasFile = true;
                            case "code" -> hasCode = true;
                            default -> throw ApiProblem.badRequest("unknown-has", "has: is file or code.");
                        }
                    }
                    case "before" -> before = startOf(value, zone, operator);
                    case "after" -> after = startOf(value, zone, operator).plusSeconds(86_400);
                    case "on" -> {
                        after = startOf(value, zone, operator);
                        before = after.plusSeconds(86_400);
                    }
                    default -> throw ApiProblem.badRequest("unknown-operator",
                            "Unknown operator " + operator + ": (from, in, kind, has, before, after, on).");
                }
                continue;
            }
            if (!token.isEmpty()) {
                (negated ? excluded : words).add(token);
            }
        }
        if (words.isEmpty() && phrases.isEmpty() && from.isEmpty() && kinds.isEmpty() && projects.isEmpty()
                && !hasFile && !hasCode && before == null && after == null) {
            throw ApiProblem.badRequest("empty-query", "Only exclusions: add something to search for.");
        }
        return new SearchQuery(words, phrases, excluded, from, projects, kinds, hasFile, hasCode, before, after);
    }

    /** Start of the calendar day in the user's zone (dates are days as the user sees them). */
    static Instant startOf(String date, ZoneId zone, String operator) {
        try {
            return LocalDate.parse(date).atStartOfDay(zone).toInstant();
        } catch (DateTimeException e) {
            throw ApiProblem.badRequest("bad-date", operator + ": takes a date like 2026-11-25.");
        }
    }
}
