package org.projectchat.bench;

import java.util.Arrays;

/** {@code ./bench.sh chat|files|search|notifications|escalations|web [...]} (default: all six). */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 && !args[0].startsWith("--") ? args[0] : "all";
        String[] rest = which.equals("all") ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (which) {
            case "chat" -> ChatBenchmark.main(rest);
            case "files" -> FileBenchmark.main(rest);
            case "search" -> SearchBenchmark.main(rest);
            case "notifications" -> NotificationBenchmark.main(rest);
            case "escalations" -> EscalationBenchmark.main(rest);
            case "web" -> WebClientBenchmark.main(rest);
            case "all" -> {
                ChatBenchmark.main(rest);
                System.out.println();
                FileBenchmark.main(rest);
                System.out.println();
                SearchBenchmark.main(rest);
                System.out.println();
                NotificationBenchmark.main(rest);
                System.out.println();
                EscalationBenchmark.main(rest);
                System.out.println();
                WebClientBenchmark.main(rest);
            }
            default -> throw new IllegalArgumentException("unknown benchmark " + which + " (chat, files, search, notifications, escalations, web)");
        }
    }
}
