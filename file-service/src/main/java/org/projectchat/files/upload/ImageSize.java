package org.projectchat.files.upload;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.exif.ExifIFD0Directory;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;

/**
 * An image's size in pixels as it is shown (its EXIF orientation may turn it a quarter), read from
 * its header without decoding it, so that a client can make room for its preview before loading
 * it. PNG, GIF and WebP tell it in their first bytes, a JPEG after its metadata segments.
 */
public record ImageSize(int width, int height) {

    /** The size, when the bytes (an image's head, or all of it) tell it. */
    public static Optional<ImageSize> of(byte[] image) {
        try {
            return read(image, reader -> {
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0) {
                    return Optional.empty();
                }
                return Optional.of(orientation(image) >= 5 ? new ImageSize(height, width) : new ImageSize(width, height));
            });
        } catch (Exception e) {
            return Optional.empty(); // the header is not where the head ends, or not readable: no size
        }
    }

    /** What is done with an image's reader, set on its bytes: its header read, or its pixels. */
    public interface Reading<T> {
        Optional<T> from(ImageReader reader) throws IOException;
    }

    /** Sets the reader of the bytes' format on them (in memory); empty when no reader knows them. */
    public static <T> Optional<T> read(byte[] image, Reading<T> reading) throws IOException {
        // in memory: ImageIO would otherwise cache the stream in a temporary file
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(image))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return reading.from(reader);
            } finally {
                reader.dispose();
            }
        }
    }

    /** The EXIF orientation (1 to 8; 1 is upright; 5 to 8 turn it a quarter), 1 when there is none. */
    public static int orientation(byte[] image) {
        try {
            ExifIFD0Directory exif = ImageMetadataReader.readMetadata(new ByteArrayInputStream(image))
                    .getFirstDirectoryOfType(ExifIFD0Directory.class);
            if (exif != null && exif.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                int orientation = exif.getInt(ExifIFD0Directory.TAG_ORIENTATION);
                return orientation >= 1 && orientation <= 8 ? orientation : 1;
            }
        } catch (Exception e) {
            // unreadable metadata: shown as stored
        }
        return 1;
    }
}
