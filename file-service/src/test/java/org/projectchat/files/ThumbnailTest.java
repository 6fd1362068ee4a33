package org.projectchat.files;

import org.junit.jupiter.api.Test;
import org.projectchat.contract.EventJson;
import org.projectchat.contract.Visibility;
import org.projectchat.files.storage.ObjectStorage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Thumbnails of images, made on first request, kept in storage, under the download's permission. */
class ThumbnailTest extends FileServiceTest {

    @Autowired
    ObjectStorage storage;

    @Autowired
    JdbcTemplate jdbc;

    HttpResponse<byte[]> thumbnail(User user, String projectId, String fileId, String... headers) {
        return getBytes(user, "/projects/" + projectId + "/files/" + fileId + "/thumbnail", headers);
    }

    String stored(ChatStream chat, User uploader, String name, byte[] content) {
        var response = upload(uploader, chat.projectId, name, content);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return EventJson.mapper().readTree(response.body()).get("fileId").asString();
    }

    static byte[] photo(int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                image.setRGB(x, y, (x * 255 / width) << 16 | (y * 255 / height) << 8 | 0x40);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }

    @Test
    void aPhotoAttachedToAMessageHasAThumbnailMadeOnceAndKept() throws Exception {
        ChatStream chat = openProject();
        String id = stored(chat, EXPERT, "site visit.jpg", photo(2400, 1600));
        chat.attach(EXPERT, Visibility.EVERYONE, id);

        var first = thumbnail(CLIENT, chat.projectId, id);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).contains("image/jpeg");
        assertThat(first.headers().firstValue("Content-Disposition").orElse("")).startsWith("inline");
        assertThat(first.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(first.body()));
        assertThat(image.getWidth()).isEqualTo(400);
        assertThat(image.getHeight()).isEqualTo(267);

        // kept in storage beside the file, and served from there from now on
        try (var kept = storage.get("thumbnails/" + id)) {
            assertThat(kept.readAllBytes()).isEqualTo(first.body());
        }
        assertThat(jdbc.queryForObject("select thumbnail from files where file_id = ?", String.class, id)).isEqualTo("image/jpeg");
        assertThat(thumbnail(MANAGER, chat.projectId, id).body()).isEqualTo(first.body());
        // a client that has it is told so, without the bytes
        String etag = first.headers().firstValue("ETag").orElseThrow();
        var again = thumbnail(CLIENT, chat.projectId, id, "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void anImageHasItsThumbnailMadeAsSoonAsItIsStoredBeforeAnyoneAsks() throws Exception {
        ChatStream chat = openProject();
        String id = stored(chat, EXPERT, "whiteboard.jpg", photo(1600, 1200));
        // nobody asked: the service made it in the background
        assertThat(await(() -> jdbc.queryForObject("select thumbnail from files where file_id = ?", String.class, id),
                state -> state != null)).isEqualTo("image/jpeg");
        try (var kept = storage.get("thumbnails/" + id)) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(kept.readAllBytes()));
            assertThat(image.getWidth()).isEqualTo(400);
            assertThat(image.getHeight()).isEqualTo(300);
        }
        String text = stored(chat, EXPERT, "notes.txt", "no picture\n".getBytes());
        assertThat(jdbc.queryForObject("select thumbnail from files where file_id = ?", String.class, text)).isNull();
    }

    @Test
    void anImageAnnouncesItsSizeAsShownAndOtherFilesHaveNone() throws Exception {
        ChatStream chat = openProject();
        // stored 800 x 400, shown turned a quarter (EXIF orientation 6): 400 x 800
        byte[] photo = org.projectchat.files.thumbnail.ThumbnailRendererTest.withExifOrientation(photo(800, 400), 6);
        var response = upload(EXPERT, chat.projectId, "portrait.jpg", photo);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        var json = EventJson.mapper().readTree(response.body());
        assertThat(json.get("width").asInt()).isEqualTo(400);
        assertThat(json.get("height").asInt()).isEqualTo(800);
        String id = json.get("fileId").asString();
        var info = EventJson.mapper().readTree(get(EXPERT, "/projects/" + chat.projectId + "/files/" + id + "/info").body());
        assertThat(info.get("width").asInt()).isEqualTo(400);
        assertThat(info.get("height").asInt()).isEqualTo(800);

        var text = upload(EXPERT, chat.projectId, "notes.txt", "words\n".getBytes());
        assertThat(EventJson.mapper().readTree(text.body()).has("width")).isFalse();
        String textId = EventJson.mapper().readTree(text.body()).get("fileId").asString();

        var events = UploadTest.fileEvents(chat.projectId, 3); // the probe, the photo, the text
        var announced = events.stream().filter(e -> e.fileId().equals(id)).findFirst().orElseThrow();
        assertThat(announced.width()).isEqualTo(400);
        assertThat(announced.height()).isEqualTo(800);
        assertThat(events.stream().filter(e -> e.fileId().equals(textId)).findFirst().orElseThrow().width()).isNull();
    }

    @Test
    void aThumbnailIsSeenOnlyByWhoMayDownloadTheFile() throws Exception {
        ChatStream chat = openProject();
        String internal = stored(chat, OPS, "incident.jpg", photo(300, 200));
        chat.attach(OPS, Visibility.INTERNAL, internal);
        await(() -> jdbc.queryForObject("select count(*) from attachments where file_id = ?", Long.class, internal), n -> n == 1);
        assertThat(thumbnail(STAFF, chat.projectId, internal).statusCode()).isEqualTo(200);
        assertThat(thumbnail(EXPERT, chat.projectId, internal).statusCode()).isEqualTo(404);
        assertThat(thumbnail(MANAGER, chat.projectId, internal).statusCode()).isEqualTo(404);
        assertThat(thumbnail(OUTSIDER, chat.projectId, internal).statusCode()).isEqualTo(403);
    }

    @Test
    void filesThatAreNotImagesOrCannotBeDecodedHaveNone() throws Exception {
        ChatStream chat = openProject();
        String text = stored(chat, EXPERT, "notes.txt", "just words\n".getBytes());
        var none = thumbnail(EXPERT, chat.projectId, text);
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(new String(none.body())).contains("no-thumbnail").contains("not a PNG, JPEG, GIF or WebP");

        // a PNG header declaring 100,000 x 100,000 pixels: stored (it is a PNG), never decoded
        String bomb = stored(chat, EXPERT, "huge.png",
                org.projectchat.files.thumbnail.ThumbnailRendererTest.pngDeclaring(100_000, 100_000));
        var refused = thumbnail(EXPERT, chat.projectId, bomb);
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(new String(refused.body())).contains("no-thumbnail").contains("too big to decode");
        assertThat(jdbc.queryForObject("select thumbnail from files where file_id = ?", String.class, bomb)).isEqualTo("none");
    }
}
