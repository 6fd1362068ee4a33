package org.projectchat.bench;

import org.projectchat.embedded.ProcessCpu;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The CPU a process's threads spent, by thread name with its numbers taken out (Linux's /proc, so
 * GC and compiler threads count too; names are cut at 15 characters there), and how often they were put on a CPU and
 * how long they waited for one (schedstat). Diagnostic: {@code --threads} prints where a window's CPU went.
 */
final class ThreadCpu {

    private ThreadCpu() {
    }

    /** The CPU ns the calling thread has spent so far (the JVM's count, for a load generator's own threads). */
    static long currentThreadNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** CPU ms so far of each live thread, by thread id. */
    static Map<String, Sample> of(long pid) {
        Map<String, Sample> samples = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks.forEach(task -> ProcessCpu.Stat.read(task.resolve("stat")).ifPresent(stat -> {
                try {
                    // schedstat: time on the CPU, time waiting on a run queue (ns), times it was put on a CPU
                    String[] sched = Files.readString(task.resolve("schedstat")).trim().split(" ");
                    samples.put(task.getFileName().toString(), new Sample(stat.name().replaceAll("[0-9]+", "#"),
                            stat.millis(), Long.parseLong(sched[1]), Long.parseLong(sched[2])));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }));
        } catch (IOException e) {
            return samples;
        }
        return samples;
    }

    /** A thread's CPU ms, the ns it waited for a CPU while runnable, and how many times it was put on one. */
    record Sample(String group, double millis, long waitedNanos, long scheduled) {
    }

    /** How often a process's threads were put on a CPU and how long they waited for one, per unit of work. */
    static String scheduling(Map<String, Sample> before, Map<String, Sample> after, long units) {
        long scheduled = 0;
        long waited = 0;
        for (var e : after.entrySet()) {
            Sample earlier = before.get(e.getKey());
            scheduled += e.getValue().scheduled() - (earlier == null ? 0 : earlier.scheduled());
            waited += e.getValue().waitedNanos() - (earlier == null ? 0 : earlier.waitedNanos());
        }
        return String.format(" [put on a CPU %.1f times, waiting %.3f ms for one in all]", scheduled / (double) Math.max(1, units),
                waited / 1e6 / Math.max(1, units));
    }

    /** What each group of threads spent between two samplings (threads that started in between count whole). */
    static Map<String, Double> spent(Map<String, Sample> before, Map<String, Sample> after) {
        Map<String, Double> groups = new TreeMap<>();
        after.forEach((id, sample) -> {
            Sample earlier = before.get(id);
            double millis = sample.millis() - (earlier == null ? 0 : earlier.millis());
            groups.merge(sample.group(), millis, Double::sum);
        });
        return groups;
    }

    /**
     * Named processes' threads as they were at a moment; {@link #print} shows what each process spent since, by thread
     * group, per unit of work. With no processes (diagnostics not asked for) it samples and prints nothing.
     */
    record Since(Map<String, Long> pids, Map<String, Map<String, Sample>> before) {

        static Since now(Map<String, Long> pids) {
            Map<String, Map<String, Sample>> before = new TreeMap<>();
            pids.forEach((name, pid) -> before.put(name, of(pid)));
            return new Since(pids, before);
        }

        void print(long units, int count) {
            before.forEach((name, threads) -> {
                Map<String, Sample> after = of(pids.get(name));
                System.out.println("      " + name + ":" + top(spent(threads, after), waits(threads, after), units, count)
                        + scheduling(threads, after, units));
            });
        }
    }

    /** The groups that spent the most, per unit of work (a stored file, a post). */
    static String top(Map<String, Double> groups, long units, int count) {
        return top(groups, Map.of(), units, count);
    }

    /**
     * The same, each group with how often its threads were put on a CPU per unit and the ms they waited on a run queue
     * each time (where it is known): on a serial path, such as a committer's, those waits add to every batch.
     */
    static String top(Map<String, Double> groups, Map<String, long[]> runs, long units, int count) {
        StringBuilder line = new StringBuilder();
        groups.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(count)
                .forEach(e -> {
                    line.append(String.format(" %s %.2f", e.getKey(), e.getValue() / Math.max(1, units)));
                    long[] run = runs.get(e.getKey()); // ns waited, times put on a CPU
                    line.append(run == null || run[1] == 0 ? ";" : String.format(" (%.2f runs, waited %.2f ms each);",
                            run[1] / (double) Math.max(1, units), run[0] / 1e6 / run[1]));
                });
        return line.toString();
    }

    /** Each group's ns waited on a run queue and times put on a CPU between two samplings. */
    static Map<String, long[]> waits(Map<String, Sample> before, Map<String, Sample> after) {
        Map<String, long[]> sums = new TreeMap<>();
        after.forEach((id, sample) -> {
            Sample earlier = before.get(id);
            long[] sum = sums.computeIfAbsent(sample.group(), g -> new long[2]);
            sum[0] += sample.waitedNanos() - (earlier == null ? 0 : earlier.waitedNanos());
            sum[1] += sample.scheduled() - (earlier == null ? 0 : earlier.scheduled());
        });
        return sums;
    }
}
