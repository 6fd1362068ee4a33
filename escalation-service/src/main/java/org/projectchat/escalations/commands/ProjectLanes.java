package org.projectchat.escalations.commands;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Work for many projects at once, in order within each project and side by side across them (a virtual thread per
 * project), so that the command runner gathers the projects' commands into shared commits.
 */
public final class ProjectLanes {

    private ProjectLanes() {
    }

    /**
     * Runs {@code each} on every item, the items of one project (as {@code project} says) in their order.
     *
     * @return what failed, one failure per project whose lane stopped at it
     */
    public static <T> List<Throwable> run(List<T> items, Function<T, String> project, Consumer<T> each) {
        Map<String, List<T>> lanes = new LinkedHashMap<>();
        items.forEach(item -> lanes.computeIfAbsent(project.apply(item), p -> new ArrayList<>()).add(item));
        List<Throwable> failures = new ArrayList<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            lanes.values().forEach(lane -> running.add(executor.submit(() -> lane.forEach(each))));
            for (Future<?> lane : running) {
                try {
                    lane.get();
                } catch (ExecutionException e) {
                    failures.add(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failures.add(e);
                }
            }
        }
        return failures;
    }
}
