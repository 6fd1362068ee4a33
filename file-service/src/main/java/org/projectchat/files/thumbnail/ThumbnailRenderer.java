package org.projectchat.files.thumbnail;

import org.projectchat.files.upload.ImageSize;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Makes a raster image (PNG, JPEG, GIF, WebP) into a thumbnail no larger than {@code maxEdge} on
 * either side: upright by its EXIF orientation, a JPEG, or a PNG when it has transparency. An image
 * declaring more than {@code maxPixels} is not decoded at all (a decompression bomb is a few KB
 * that declare billions of pixels), nor one whose decoded pixels would take more than
 * {@code maxDecodeBytes}: most are decoded subsampled to about twice the thumbnail, a few MB
 * whatever their size, but WebP is decoded whole (measured: a lossless 8000 x 6000 WebP needed
 * 150-170 MB of heap however it was asked to subsample), so a big WebP is refused by its size, and
 * a progressive JPEG holds its whole image's coefficients, about 3 bytes a pixel.
 */
final class ThumbnailRenderer {

    /** A thumbnail's bytes and content type. */
    record Rendered(byte[] bytes, String contentType) {
    }

    /** Formats whose reader decodes the whole image whatever subsampling it is asked for. */
    static final Set<String> DECODED_WHOLE = Set.of("webp");

    private final int maxEdge;
    private final long maxPixels;
    private final long maxDecodeBytes;

    ThumbnailRenderer(int maxEdge, long maxPixels, long maxDecodeBytes) {
        this.maxEdge = maxEdge;
        this.maxPixels = maxPixels;
        this.maxDecodeBytes = maxDecodeBytes;
    }

    /** The thumbnail, or empty when the bytes do not decode as an image or it is too big to decode. */
    Optional<Rendered> render(byte[] image) {
        try {
            return decode(image).map(decoded -> encode(upright(scaled(decoded), ImageSize.orientation(image))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // bytes that only looked like an image: no thumbnail
        }
    }

    private Optional<BufferedImage> decode(byte[] image) throws IOException {
        return ImageSize.read(image, reader -> {
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width <= 0 || height <= 0 || (long) width * height > maxPixels) {
                return Optional.empty();
            }
            int step = Math.max(1, Math.max(width, height) / (2 * maxEdge));
            boolean whole = DECODED_WHOLE.contains(reader.getFormatName().toLowerCase(Locale.ROOT));
            long decodedPixels = whole ? (long) width * height
                    : (long) ((width + step - 1) / step) * ((height + step - 1) / step);
            // a progressive JPEG is decoded from coefficients of the whole image, held natively
            // (measured: 8000 x 6000 took 130 MB more resident memory than as a PNG)
            long coefficients = progressiveJpeg(image) ? 3L * width * height : 0;
            if (decodedPixels * 4 + coefficients > maxDecodeBytes) {
                return Optional.empty();
            }
            ImageReadParam param = reader.getDefaultReadParam();
            param.setSourceSubsampling(step, step, 0, 0);
            return Optional.of(reader.read(0, param));
        });
    }

    /** Whether the bytes are a JPEG whose frame is progressive (SOF2, SOF6, SOF10 or SOF14 before the first scan). */
    static boolean progressiveJpeg(byte[] image) {
        if (image.length < 4 || (image[0] & 0xff) != 0xFF || (image[1] & 0xff) != 0xD8) {
            return false;
        }
        int at = 2;
        while (at + 4 <= image.length && (image[at] & 0xff) == 0xFF) {
            int marker = image[at + 1] & 0xff;
            if (marker == 0xFF) {
                at++; // fill byte
                continue;
            }
            if (marker == 0xC2 || marker == 0xC6 || marker == 0xCA || marker == 0xCE) {
                return true;
            }
            if (marker == 0xDA || (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC)) {
                return false; // a scan, or a frame of another kind
            }
            at += 2 + (((image[at + 2] & 0xff) << 8) | (image[at + 3] & 0xff));
        }
        return false;
    }

    private BufferedImage scaled(BufferedImage image) {
        double scale = Math.min(1.0, (double) maxEdge / Math.max(image.getWidth(), image.getHeight()));
        int width = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage out = new BufferedImage(width, height,
                image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Turns the stored pixels as the EXIF orientation says they are to be shown. */
    static BufferedImage upright(BufferedImage image, int orientation) {
        int w = image.getWidth();
        int h = image.getHeight();
        // x' = m00 x + m01 y + m02, y' = m10 x + m11 y + m12; the constructor takes m00, m10, m01, m11, m02, m12
        AffineTransform transform = switch (orientation) {
            case 2 -> new AffineTransform(-1, 0, 0, 1, w, 0);   // mirrored
            case 3 -> new AffineTransform(-1, 0, 0, -1, w, h);  // upside down
            case 4 -> new AffineTransform(1, 0, 0, -1, 0, h);   // mirrored upside down
            case 5 -> new AffineTransform(0, 1, 1, 0, 0, 0);    // transposed
            case 6 -> new AffineTransform(0, 1, -1, 0, h, 0);   // turned a quarter clockwise to be upright
            case 7 -> new AffineTransform(0, -1, -1, 0, h, w);  // transversed
            case 8 -> new AffineTransform(0, -1, 1, 0, 0, w);   // turned a quarter counter-clockwise to be upright
            default -> null;
        };
        if (transform == null) {
            return image;
        }
        boolean quarter = orientation >= 5;
        BufferedImage out = new BufferedImage(quarter ? h : w, quarter ? w : h, image.getType());
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(image, transform, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static Rendered encode(BufferedImage image) {
        boolean transparent = image.getColorModel().hasAlpha();
        ImageWriter writer = ImageIO.getImageWritersByFormatName(transparent ? "png" : "jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream target = new MemoryCacheImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (!transparent) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(0.85f);
            }
            writer.setOutput(target);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return new Rendered(out.toByteArray(), transparent ? "image/png" : "image/jpeg");
    }
}
