package org.projectchat.files.thumbnail;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import static org.assertj.core.api.Assertions.assertThat;

/** Thumbnails as a chat shows them: small, upright, transparent where the image is, and never a memory bomb. */
public class ThumbnailRendererTest {

    final ThumbnailRenderer renderer = new ThumbnailRenderer(400, 50_000_000L, 128L * 1024 * 1024);

    /** Left half red, right half blue. */
    public static BufferedImage halves(int width, int height, boolean transparent) {
        BufferedImage image = new BufferedImage(width, height, transparent ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(transparent ? new Color(255, 0, 0, 128) : Color.RED);
        g.fillRect(0, 0, width / 2, height);
        g.setColor(Color.BLUE);
        g.fillRect(width / 2, 0, width - width / 2, height);
        g.dispose();
        return image;
    }

    public static byte[] encoded(BufferedImage image, String format) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out)).isTrue();
        return out.toByteArray();
    }

    static BufferedImage decoded(ThumbnailRenderer.Rendered rendered) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(rendered.bytes()));
    }

    static boolean reddish(int rgb) {
        return ((rgb >> 16) & 0xff) > 180 && (rgb & 0xff) < 90;
    }

    static boolean bluish(int rgb) {
        return (rgb & 0xff) > 180 && ((rgb >> 16) & 0xff) < 90;
    }

    @Test
    void aBigPhotoBecomesAJpegNoLargerThanTheMaximumWithItsProportions() throws Exception {
        var thumbnail = renderer.render(encoded(halves(3000, 2000, false), "png")).orElseThrow();
        assertThat(thumbnail.contentType()).isEqualTo("image/jpeg");
        BufferedImage image = decoded(thumbnail);
        assertThat(image.getWidth()).isEqualTo(400);
        assertThat(image.getHeight()).isEqualTo(267);
        assertThat(reddish(image.getRGB(50, 130))).isTrue();
        assertThat(bluish(image.getRGB(350, 130))).isTrue();
        assertThat(thumbnail.bytes().length).isLessThan(30_000);
    }

    @Test
    void aSmallImageKeepsItsSizeAndATransparentOneStaysTransparentAsAPng() throws Exception {
        var thumbnail = renderer.render(encoded(halves(120, 60, true), "png")).orElseThrow();
        assertThat(thumbnail.contentType()).isEqualTo("image/png");
        BufferedImage image = decoded(thumbnail);
        assertThat(image.getWidth()).isEqualTo(120);
        assertThat(image.getHeight()).isEqualTo(60);
        assertThat(image.getColorModel().hasAlpha()).isTrue();
        assertThat((image.getRGB(10, 10) >>> 24)).isBetween(100, 160); // half-transparent red stays so
    }

    @Test
    void aPhotoIsTurnedUprightByItsExifOrientation() throws Exception {
        // stored landscape, red left and blue right, with orientation 6: shown turned a quarter clockwise
        byte[] jpeg = withExifOrientation(encoded(halves(800, 400, false), "jpeg"), 6);
        assertThat(org.projectchat.files.upload.ImageSize.orientation(jpeg)).isEqualTo(6);
        BufferedImage image = decoded(renderer.render(jpeg).orElseThrow());
        assertThat(image.getWidth()).isEqualTo(200);
        assertThat(image.getHeight()).isEqualTo(400);
        assertThat(reddish(image.getRGB(100, 40))).as("red on top").isTrue();
        assertThat(bluish(image.getRGB(100, 360))).as("blue below").isTrue();
    }

    @Test
    void eachOrientationPutsTheStoredTopLeftCornerWhereItBelongs() {
        // the stored image's top-left pixel is marked; where each orientation shows it (EXIF 2.32, 4.6.4 A)
        BufferedImage stored = new BufferedImage(4, 2, BufferedImage.TYPE_INT_RGB);
        stored.setRGB(0, 0, 0xffffff);
        int[][] shownAt = {{0, 0}, {0, 0}, {3, 0}, {3, 1}, {0, 1}, {0, 0}, {1, 0}, {1, 3}, {0, 3}};
        for (int orientation = 1; orientation <= 8; orientation++) {
            BufferedImage shown = ThumbnailRenderer.upright(stored, orientation);
            boolean quarter = orientation >= 5;
            assertThat(shown.getWidth()).as("width, orientation " + orientation).isEqualTo(quarter ? 2 : 4);
            int[] at = shownAt[orientation];
            assertThat(shown.getRGB(at[0], at[1]) & 0xffffff).as("orientation " + orientation).isEqualTo(0xffffff);
        }
    }

    @Test
    void anImageDeclaringMorePixelsThanAllowedIsNotDecoded() throws Exception {
        // a few hundred bytes that declare 100,000 x 100,000 pixels (40 GB decoded)
        byte[] bomb = pngDeclaring(100_000, 100_000);
        assertThat(bomb.length).isLessThan(1000);
        assertThat(renderer.render(bomb)).isEmpty();
        // the limit is what refuses it: a valid 100 x 100 image against a limit just below and at its size
        byte[] image = encoded(halves(100, 100, false), "png");
        assertThat(new ThumbnailRenderer(400, 9_999, 1L << 30).render(image)).isEmpty();
        assertThat(new ThumbnailRenderer(400, 10_000, 1L << 30).render(image)).isPresent();
    }

    @Test
    void bytesThatOnlyLookLikeAnImageHaveNoThumbnail() {
        byte[] truncated = new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        assertThat(renderer.render(truncated)).isEmpty();
        assertThat(renderer.render("not an image at all".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void webpImagesAreDecodedUnlessTheirWholePixelsWouldTakeTooMuchMemory() throws Exception {
        byte[] webp = Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA=="); // 1 x 1, lossless
        BufferedImage image = decoded(renderer.render(webp).orElseThrow());
        assertThat(image.getWidth()).isEqualTo(1);
        assertThat(image.getHeight()).isEqualTo(1);
        // WebP decodes whole: a lossless 4000 x 3000 one (48 MB decoded) is refused under 32 MiB, made under 64 MiB
        byte[] big = Base64.getDecoder().decode(HALVES_4000_BY_3000_LOSSLESS_WEBP);
        assertThat(new ThumbnailRenderer(400, 50_000_000L, 32L * 1024 * 1024).render(big)).isEmpty();
        BufferedImage made = decoded(new ThumbnailRenderer(400, 50_000_000L, 64L * 1024 * 1024).render(big).orElseThrow());
        assertThat(made.getWidth()).isEqualTo(400);
        assertThat(reddish(made.getRGB(50, 150))).isTrue();
        assertThat(bluish(made.getRGB(350, 150))).isTrue();
        // a PNG is decoded subsampled: 4000 x 2000 (32 MB whole) fits 3 MiB as 800 x 400
        assertThat(new ThumbnailRenderer(400, 100_000_000L, 3L * 1024 * 1024).render(encoded(halves(4000, 2000, false), "png")))
                .isPresent();
    }

    @Test
    void aProgressiveJpegCountsTheCoefficientsOfTheWholeImage() throws Exception {
        BufferedImage photo = halves(4000, 3000, false);
        byte[] baseline = encoded(photo, "jpeg");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        var param = writer.getDefaultWriteParam();
        param.setProgressiveMode(javax.imageio.ImageWriteParam.MODE_DEFAULT);
        try (var target = new javax.imageio.stream.MemoryCacheImageOutputStream(out)) {
            writer.setOutput(target);
            writer.write(null, new javax.imageio.IIOImage(photo, null, null), param);
        }
        byte[] progressive = out.toByteArray();
        assertThat(ThumbnailRenderer.progressiveJpeg(progressive)).isTrue();
        assertThat(ThumbnailRenderer.progressiveJpeg(baseline)).isFalse();
        // 12 MP: 36 MB of coefficients when progressive, under 2 MB of subsampled pixels either way
        ThumbnailRenderer within32MiB = new ThumbnailRenderer(400, 50_000_000L, 32L * 1024 * 1024);
        assertThat(within32MiB.render(baseline)).isPresent();
        assertThat(within32MiB.render(progressive)).isEmpty();
        assertThat(new ThumbnailRenderer(400, 50_000_000L, 64L * 1024 * 1024).render(progressive)).isPresent();
    }

    /** 4000 x 3000, red left and blue right, made with cwebp -lossless: 532 bytes. */
    public static final String HALVES_4000_BY_3000_LOSSLESS_WEBP =
            "UklGRgwCAABXRUJQVlA4TP8BAAAvn8/tAg8Q87//8x8OSyCQtL/6ABGRtJaCto2c40/6IKwfjuj/BAAF4u8/iojIwkfh+Y//+M9/" +
            "//3nP/7z33//+Y//+M9///3333///ffff//9999///3333///ffff//9999///3333///ffff//9999///3333///ffff//9999/" +
            "//3333///ffff//9999///3333///ffff//9999///3333///ffff//9999///3333///ffff//9999///3333///ffff//9999/" +
            "//3333///ffff//9999///3333///ffff//9999///3333///ffff//9999///3333///ffff//9999///3333///ffff//9999/" +
            "//3333///ffff//9999///3333///ffff//9999///3333///ffff//9999///3333///ffff//9999///3333///ffff//9999/" +
            "//3333///ffff//9999///3333///ffff//9999///3333///ffff//9999///3333///ffff//9999///3333///ffff//9999/" +
            "//3333///ffff//9999///3333///ffff//9999///3333///ffff//9999///3333///ffff//9999///3333///ffff//95z//" +
            "/fff/80GAA==";

    /** Inserts an EXIF APP1 segment with the given orientation after the JPEG's start marker. */
    public static byte[] withExifOrientation(byte[] jpeg, int orientation) throws Exception {
        ByteArrayOutputStream app1 = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(app1);
        out.writeShort(0xFFE1);
        out.writeShort(2 + 6 + 8 + 2 + 12 + 4);
        out.write("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[]{'M', 'M', 0, 42, 0, 0, 0, 8}); // big-endian TIFF header, first IFD at 8
        out.writeShort(1); // one entry
        out.writeShort(0x0112); // Orientation
        out.writeShort(3); // SHORT
        out.writeInt(1); // one value
        out.writeShort(orientation);
        out.writeShort(0);
        out.writeInt(0); // no next IFD
        ByteArrayOutputStream result = new ByteArrayOutputStream();
        result.write(jpeg, 0, 2); // SOI
        result.write(app1.toByteArray());
        result.write(jpeg, 2, jpeg.length - 2);
        return result.toByteArray();
    }

    /** A valid PNG whose header declares the given size, with almost no pixel data. */
    public static byte[] pngDeclaring(int width, int height) throws Exception {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(header);
        h.writeInt(width);
        h.writeInt(height);
        h.write(new byte[]{8, 2, 0, 0, 0}); // 8-bit RGB
        chunk(png, "IHDR", header.toByteArray());
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[1024]);
        deflater.finish();
        byte[] compressed = new byte[1024];
        chunk(png, "IDAT", java.util.Arrays.copyOf(compressed, deflater.deflate(compressed)));
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    static void chunk(ByteArrayOutputStream png, String type, byte[] data) throws Exception {
        DataOutputStream out = new DataOutputStream(png);
        out.writeInt(data.length);
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.write(typeBytes);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }
}
