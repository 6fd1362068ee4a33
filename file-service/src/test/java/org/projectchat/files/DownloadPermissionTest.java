package org.projectchat.files;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.projectchat.contract.ChatEvent;
import org.projectchat.contract.EventJson;
import org.projectchat.contract.Visibility;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may download what, by the one visibility rule: the file's message must be visible to the
 * reader (an attachment on an internal note is not downloadable by an expert), or the reader is
 * its uploader, or ops.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DownloadPermissionTest extends FileServiceTest {

    ChatStream chat;
    final Map<String, String> files = new java.util.HashMap<>();
    final Map<String, byte[]> contents = new java.util.HashMap<>();

    String store(User uploader, String name) {
        byte[] content = ("contents of " + name + "\n").getBytes();
        var response = upload(uploader, chat.projectId, name, content);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        String id = EventJson.mapper().readTree(response.body()).get("fileId").asString();
        files.put(name, id);
        contents.put(id, content);
        return id;
    }

    @BeforeAll
    void world() {
        chat = openProject();
        chat.attach(EXPERT, Visibility.EVERYONE, store(EXPERT, "shared.txt"));
        chat.attach(OPS, Visibility.INTERNAL, store(OPS, "internal.txt"));
        chat.attach(CLIENT, Visibility.CLIENT_INTERNAL, store(CLIENT, "client-side.txt"));
        store(CLIENT, "unattached.txt");
        String deletedMessage = chat.attach(EXPERT, Visibility.EVERYONE, store(MANAGER, "deleted.txt"));
        chat.publish(new ChatEvent.MessageDeleted(deletedMessage));
        // the service has learnt the last event when the deleted file disappears for the expert
        await(() -> download(EXPERT, chat.projectId, files.get("deleted.txt")).statusCode(), s -> s == 404);
        await(() -> download(EXPERT, chat.projectId, files.get("shared.txt")).statusCode(), s -> s == 200);
    }

    static Stream<Object[]> matrix() {
        return Stream.of(
                new Object[]{EXPERT, Set.of("shared.txt")},
                new Object[]{CLIENT, Set.of("shared.txt", "client-side.txt", "unattached.txt")},
                new Object[]{MANAGER, Set.of("shared.txt", "client-side.txt", "deleted.txt")},
                new Object[]{OPS, Set.of("shared.txt", "internal.txt", "client-side.txt", "unattached.txt", "deleted.txt")},
                new Object[]{STAFF, Set.of("shared.txt", "internal.txt", "client-side.txt", "unattached.txt", "deleted.txt")});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void eachRoleDownloadsExactlyWhatTheRuleAllows(User reader, Set<String> allowed) {
        files.forEach((name, id) -> {
            HttpResponse<byte[]> response = download(reader, chat.projectId, id);
            if (allowed.contains(name)) {
                assertThat(response.statusCode()).as(reader.userId() + " " + name).isEqualTo(200);
                assertThat(response.body()).isEqualTo(contents.get(id));
            } else {
                assertThat(response.statusCode()).as(reader.userId() + " " + name).isEqualTo(404);
            }
        });
    }

    @Test
    void outsidersGet403AndFilesOfOtherProjectsDoNotExist() {
        assertThat(download(OUTSIDER, chat.projectId, files.get("shared.txt")).statusCode()).isEqualTo(403);
        var other = openProject();
        assertThat(download(EXPERT, other.projectId, files.get("shared.txt")).statusCode()).isEqualTo(404);
    }

    @Test
    void aFileCanBeDownloadedTheMomentTheMessageAttachingItIsPosted() throws Exception {
        var response = upload(EXPERT, chat.projectId, "fresh.txt", "just posted\n".getBytes());
        String id = EventJson.mapper().readTree(response.body()).get("fileId").asString();
        // the client asks as the message appears; the service learns of the post from Kafka some
        // milliseconds later (here: after the request) and waits for it rather than answer 404
        var download = HTTP.sendAsync(HttpRequest.newBuilder(URI.create(base() + "/projects/" + chat.projectId + "/files/" + id))
                .header("Authorization", "Bearer " + token(CLIENT)).build(), HttpResponse.BodyHandlers.ofByteArray());
        await(() -> waitingForProjection(), n -> n >= 1); // the request is being answered before the post exists
        chat.attach(EXPERT, Visibility.EVERYONE, id);
        assertThat(download.get().statusCode()).isEqualTo(200);
        assertThat(download.get().body()).isEqualTo("just posted\n".getBytes());
    }

    @Test
    void aRemovedParticipantLosesAccess() {
        var project = openProject();
        var response = upload(EXPERT, project.projectId, "mine.txt", "mine".getBytes());
        String id = EventJson.mapper().readTree(response.body()).get("fileId").asString();
        project.attach(EXPERT, Visibility.EVERYONE, id);
        await(() -> download(CLIENT, project.projectId, id).statusCode(), s -> s == 200);
        project.publish(new ChatEvent.ParticipantRemoved(CLIENT.userId()));
        await(() -> download(CLIENT, project.projectId, id).statusCode(), s -> s == 403);
    }

    @Test
    void downloadsCarrySafeHeadersAndRedirectsArePresignedAndShortLived() throws Exception {
        var png = upload(EXPERT, chat.projectId, "pixel.png", UploadTest.PNG);
        String pngId = EventJson.mapper().readTree(png.body()).get("fileId").asString();
        chat.attach(EXPERT, Visibility.EVERYONE, pngId);
        var image = await(() -> download(CLIENT, chat.projectId, pngId), r -> r.statusCode() == 200);
        assertThat(image.headers().firstValue("Content-Type")).contains("image/png");
        assertThat(image.headers().firstValue("Content-Disposition").orElse("")).startsWith("inline");
        assertThat(image.headers().firstValue("X-Content-Type-Options")).contains("nosniff");

        var text = download(CLIENT, chat.projectId, files.get("shared.txt"));
        // a client that has the bytes is told so without them; one that may not see the file still gets 404
        String etag = text.headers().firstValue("ETag").orElseThrow();
        var unchanged = download(CLIENT, chat.projectId, files.get("shared.txt"), "If-None-Match", etag);
        assertThat(unchanged.statusCode()).isEqualTo(304);
        assertThat(unchanged.body()).isEmpty();
        var internalEtag = "\"" + EventJson.mapper().readTree(get(OPS, "/projects/" + chat.projectId + "/files/"
                + files.get("internal.txt") + "/info").body()).get("sha256").asString() + "\"";
        assertThat(download(EXPERT, chat.projectId, files.get("internal.txt"), "If-None-Match", internalEtag).statusCode())
                .isEqualTo(404);
        assertThat(text.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment").contains("shared.txt");
        assertThat(text.headers().firstValue("Content-Security-Policy").orElse("")).contains("sandbox");

        var redirect = send(HttpRequest.newBuilder(URI.create(base() + "/projects/" + chat.projectId + "/files/"
                + files.get("shared.txt") + "?redirect=true")).header("Authorization", "Bearer " + token(CLIENT)).build());
        assertThat(redirect.statusCode()).isEqualTo(302);
        String location = redirect.headers().firstValue("Location").orElseThrow();
        assertThat(location).contains("X-Amz-Expires=60").doesNotContain("shared.txt?");
        var fetched = HTTP.send(HttpRequest.newBuilder(URI.create(location)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.body()).isEqualTo(contents.get(files.get("shared.txt")));
        assertThat(fetched.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment");

        var denied = send(HttpRequest.newBuilder(URI.create(base() + "/projects/" + chat.projectId + "/files/"
                + files.get("internal.txt") + "?redirect=true")).header("Authorization", "Bearer " + token(EXPERT)).build());
        assertThat(denied.statusCode()).isEqualTo(404);
    }

    /** Requests the service holds now until its projection catches up (a gauge every service exports). */
    double waitingForProjection() {
        var metrics = send(HttpRequest.newBuilder(URI.create(base() + "/actuator/prometheus")).build());
        return metrics.body().lines().filter(l -> l.startsWith("projection_lag_waiting"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
