package org.projectchat.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * CPU a process or thread has spent, as Linux counts it: the one place the harness and the benchmarks read it from.
 * Counts from /proc are in ticks of 10 ms (USER_HZ is 100 on Linux).
 */
public final class ProcessCpu {

    private static final double TICK_MILLIS = 10;

    private ProcessCpu() {
    }

    /** CPU milliseconds a process has spent so far (all its threads, user and system), 0 once it is gone. */
    public static double millis(ProcessHandle process) {
        return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e6).orElse(0.0);
    }

    /**
     * A /proc {@code stat} file (of a process, {@code /proc/PID/stat}, or of one of its threads,
     * {@code /proc/PID/task/TID/stat}): the command's name and the fields after it.
     *
     * @param name   the command's name (a thread's name, cut at 15 characters by Linux)
     * @param fields the fields after the name, from the state on (field 3 of proc(5) is {@code fields.get(0)})
     */
    public record Stat(String name, List<String> fields) {

        public Stat {
            fields = List.copyOf(fields);
        }

        /** The stat file, or empty when the process or thread has ended meanwhile. */
        public static Optional<Stat> read(Path statFile) {
            try {
                String stat = Files.readString(statFile);
                // the name is in parentheses and may itself hold spaces and parentheses: it ends at the last ')'
                int close = stat.lastIndexOf(')');
                return Optional.of(new Stat(stat.substring(stat.indexOf('(') + 1, close),
                        List.of(stat.substring(close + 2).split(" "))));
            } catch (IOException | RuntimeException gone) {
                return Optional.empty();
            }
        }

        /** Of a process by its pid. */
        public static Optional<Stat> of(long pid) {
            return read(Path.of("/proc", Long.toString(pid), "stat"));
        }

        /** Its own CPU milliseconds: utime + stime. */
        public double millis() {
            return ticks(11) + ticks(12);
        }

        /** CPU milliseconds of its children that ended and were waited for: cutime + cstime. */
        public double endedChildrenMillis() {
            return ticks(13) + ticks(14);
        }

        private double ticks(int field) {
            return Long.parseLong(fields.get(field)) * TICK_MILLIS;
        }
    }
}
