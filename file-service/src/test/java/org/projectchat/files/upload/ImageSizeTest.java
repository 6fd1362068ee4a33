package org.projectchat.files.upload;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.projectchat.files.thumbnail.ThumbnailRendererTest.encoded;
import static org.projectchat.files.thumbnail.ThumbnailRendererTest.halves;
import static org.projectchat.files.thumbnail.ThumbnailRendererTest.withExifOrientation;

/** An image's size as shown, from its header alone. */
class ImageSizeTest {

    @Test
    void theHeaderTellsTheSizeOfEachKindOfImage() throws Exception {
        assertThat(ImageSize.of(encoded(halves(120, 60, true), "png"))).contains(new ImageSize(120, 60));
        assertThat(ImageSize.of(encoded(halves(300, 200, false), "jpeg"))).contains(new ImageSize(300, 200));
        assertThat(ImageSize.of(encoded(halves(64, 32, false), "gif"))).contains(new ImageSize(64, 32));
        byte[] webp = java.util.Base64.getDecoder().decode(
                org.projectchat.files.thumbnail.ThumbnailRendererTest.HALVES_4000_BY_3000_LOSSLESS_WEBP);
        assertThat(ImageSize.of(webp)).contains(new ImageSize(4000, 3000));
    }

    @Test
    void aPhotoTurnedAQuarterByItsExifOrientationIsMeasuredAsShown() throws Exception {
        byte[] stored = encoded(halves(800, 400, false), "jpeg");
        assertThat(ImageSize.of(withExifOrientation(stored, 6))).contains(new ImageSize(400, 800));
        assertThat(ImageSize.of(withExifOrientation(stored, 3))).contains(new ImageSize(800, 400));
    }

    @Test
    void theFirstBytesOfAnImageAreEnoughAndOtherBytesHaveNoSize() throws Exception {
        byte[] big = encoded(halves(3000, 2000, false), "png");
        assertThat(ImageSize.of(Arrays.copyOf(big, 1024))).contains(new ImageSize(3000, 2000));
        assertThat(ImageSize.of("plain words".getBytes())).isEmpty();
        assertThat(ImageSize.of(new byte[0])).isEmpty();
    }
}
