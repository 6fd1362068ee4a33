package org.projectchat.system;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's walk-through, run as written: its curl lines, with the printed tokens and addresses of a fresh system
 * and the demo project, each answering as the README says.
 */
class WalkThroughTest {

    static final Pattern CASE_ID = Pattern.compile("\"caseId\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    static final Pattern FILE_ID = Pattern.compile("\"fileId\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    record Step(String command, int status, String out, String err) {
    }

    @Test
    void everyStepOfTheReadmesWalkThroughAnswersAsItSays() throws Exception {
        var system = RunningSystem.get();
        List<String> commands = walkThrough(Files.readString(Path.of("../README.md")));
        assertThat(commands).as("curl lines in the walk-through").hasSizeGreaterThan(15);
        Map<String, String> env = new HashMap<>();
        env.put("EXPERT", RunningSystem.token("expert"));
        env.put("CLIENT", RunningSystem.token("client"));
        env.put("OPS", RunningSystem.token("ops"));
        env.put("CHAT", system.service("chat-service").url());
        env.put("FILES", system.service("file-service").url());
        env.put("SEARCH", system.service("search-service").url());
        env.put("NOTIFY", system.service("notification-service").url());
        env.put("ESCALATE", system.service("escalation-service").url());
        Path workDir = Files.createTempDirectory("walk-through");
        Files.createDirectories(workDir.resolve("docs"));
        Files.copy(Path.of("../README.md"), workDir.resolve("README.md"));
        Files.copy(Path.of("../docs/site-photo.png"), workDir.resolve("docs/site-photo.png"));

        Map<String, String> ids = new HashMap<>();
        List<Step> steps = new ArrayList<>();
        for (String command : commands) {
            String line = command;
            for (var id : ids.entrySet()) {
                line = line.replace("<" + id.getKey() + ">", id.getValue());
            }
            Step step = run(line, env, workDir);
            steps.add(step);
            if (command.contains("-F file=@")) {
                Matcher m = FILE_ID.matcher(step.out());
                assertThat(m.find()).as("upload answered with a fileId: " + step).isTrue();
                ids.put(command.contains(".png") ? "imageFileId" : "fileId", m.group(1));
            }
            if (command.contains("Bearer garbage")) {
                assertThat(step.status()).as(step.toString()).isEqualTo(401);
                assertThat(step.out()).contains("\"status\":401");
            } else if (command.contains("redirect=true")) {
                assertThat(step.status()).as(step.toString()).isEqualTo(302);
            } else {
                assertThat(step.status()).as(step.toString()).isBetween(200, 299);
            }
            if (command.contains("/search?q=")) {
                assertThat(JsonMapper.builder().build().readTree(step.out()).get("total").asLong()).as("search finds the demo update")
                        .isPositive();
            }
            if (command.contains("$ESCALATE/cases?status=ACTIVE")) {
                Matcher m = CASE_ID.matcher(step.out());
                assertThat(m.find()).as("the blocker's escalation is a case: " + step).isTrue();
                ids.put("caseId", m.group(1));
                assertThat(step.out()).contains("\"reason\":\"TECHNICAL_ACCESS\"");
            }
            if (command.contains("/my-escalations")) {
                assertThat(step.out()).as("the expert sees the case's status").contains("\"status\":\"ACKNOWLEDGED\"")
                        .doesNotContain("client IT team");
            }
            if (command.contains("$NOTIFY/notifications")) {
                assertThat(step.out()).as("the client heard of the blocker in the app").contains("\"reason\":\"BLOCKER\"")
                        .contains("Blocked on VPN access");
            }
            if (command.contains("curl -N")) {
                assertThat(step.out()).as("the stream opened").contains(":connected");
            }
        }
        assertThat(Files.readString(workDir.resolve("transcript.html"))).contains("<!DOCTYPE html>").contains("Demo: data pipeline rebuild");
        assertThat(Files.size(workDir.resolve("thumb.jpg"))).isPositive();
        assertThat(Files.readString(workDir.resolve("README.md"))).isEqualTo(Files.readString(Path.of("../README.md")));
    }

    /** The curl commands of the walk-through's sh block, continuation lines joined, trailing comments dropped. */
    static List<String> walkThrough(String readme) {
        int section = readme.indexOf("## Walk-through with curl");
        int start = readme.indexOf("```sh", section) + 5;
        int end = readme.indexOf("```", start);
        List<String> commands = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : readme.substring(start, end).split("\n")) {
            String line = raw.strip();
            if (current.isEmpty() && (line.isEmpty() || line.startsWith("#") || line.matches("[A-Z]+=.*"))) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            if (current.chars().filter(c -> c == '\'').count() % 2 == 1) {
                current.append('\n'); // a quoted argument (JSON) goes on to the next line
                continue;
            }
            String command = current.toString().replaceAll("\\s+#[^'\"]*$", "").strip();
            if (command.startsWith("curl")) {
                commands.add(command);
            }
            current.setLength(0);
        }
        return commands;
    }

    /** Runs one line with bash; the HTTP status comes on stderr (curl's -w), so a redirect of the body still works. */
    static Step run(String command, Map<String, String> env, Path workDir) throws Exception {
        String withStatus = command.replaceFirst("^curl ", "curl -w '%{stderr}%{http_code}' " + (command.startsWith("curl -N") ? "--max-time 3 " : "--max-time 30 "));
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", withStatus).directory(workDir.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        int status = err.matches("\\d{3}") ? Integer.parseInt(err) : err.length() >= 3 && err.substring(err.length() - 3).matches("\\d{3}")
                ? Integer.parseInt(err.substring(err.length() - 3)) : -1;
        return new Step(command, status, new String(out, StandardCharsets.UTF_8), err);
    }
}
