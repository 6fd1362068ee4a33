package org.projectchat.files.upload;

import org.junit.jupiter.api.Test;
import org.projectchat.baseline.web.ApiProblem;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The file part read as a request arrives, however the network cuts it up. */
class FilePartTest {

    static final String BOUNDARY = "----projectchat1234";
    static final String CONTENT_TYPE = "multipart/form-data; boundary=" + BOUNDARY;

    static byte[] request(byte[] file, String disposition, boolean close) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n").getBytes());
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: " + disposition + "\r\nContent-Type: text/plain\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(file);
        if (close) {
            out.writeBytes(("\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"after\"\r\n\r\nx\r\n--"
                    + BOUNDARY + "--\r\n").getBytes());
        }
        return out.toByteArray();
    }

    /** Hands out the bytes in pieces of random length, down to one byte, as a network might. */
    static InputStream choppy(byte[] bytes, long seed) {
        Random random = new Random(seed);
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(random.nextBoolean() ? 3 : 5000)));
            }
        };
    }

    /** Content that looks like the boundary's start at every turn: CR, LF, dashes, a near-boundary. */
    static byte[] tricky(int size) {
        byte[] pieces = ("\r\n--" + BOUNDARY.substring(0, 10) + "x\r\r\n-\n--\r").getBytes();
        byte[] out = new byte[size];
        Random random = new Random(7);
        for (int i = 0; i < size; i++) {
            out[i] = random.nextInt(3) == 0 ? (byte) random.nextInt(256) : pieces[i % pieces.length];
        }
        return out;
    }

    @Test
    void theFilesBytesComeThroughExactlyHoweverTheRequestIsCut() throws Exception {
        byte[] file = tricky(200_000);
        for (long seed = 0; seed < 20; seed++) {
            var part = new FilePart(choppy(request(file, "form-data; name=\"file\"; filename=\"a.bin\"", true), seed),
                    CONTENT_TYPE, 1_000_000, 2_000_000);
            assertThat(part.find()).isTrue();
            assertThat(part.fileName()).isEqualTo("a.bin");
            assertThat(part.readAllBytes()).as("seed " + seed).isEqualTo(file);
            assertThat(part.size()).isEqualTo(file.length);
        }
    }

    @Test
    void anEmptyFileReadsAsNothing() throws Exception {
        var part = new FilePart(new ByteArrayInputStream(request(new byte[0], "form-data; name=\"file\"; filename=\"e.txt\"", true)),
                CONTENT_TYPE, 100, 10_000);
        assertThat(part.find()).isTrue();
        assertThat(part.read()).isEqualTo(-1);
    }

    @Test
    void aRequestWithoutTheFileFieldHasNoFile() throws Exception {
        var part = new FilePart(new ByteArrayInputStream(request("x".getBytes(), "form-data; name=\"other\"; filename=\"a.txt\"", true)),
                CONTENT_TYPE, 100, 10_000);
        assertThat(part.find()).isFalse();
    }

    @Test
    void theNameIsReadFromEitherFormOfTheHeader() throws Exception {
        var encoded = new FilePart(new ByteArrayInputStream(request("x".getBytes(),
                "form-data; name=\"file\"; filename*=UTF-8''r%C3%A9sum%C3%A9.txt", true)), CONTENT_TYPE, 100, 10_000);
        assertThat(encoded.find()).isTrue();
        assertThat(encoded.fileName()).isEqualTo("résumé.txt");
        var raw = new FilePart(new ByteArrayInputStream(request("x".getBytes(),
                "form-data; name=\"file\"; filename=\"naïve.txt\"", true)), CONTENT_TYPE, 100, 10_000);
        assertThat(raw.find()).isTrue();
        assertThat(raw.fileName()).isEqualTo("naïve.txt");
    }

    @Test
    void oneByteOverTheLimitIsRefusedAsItIsRead() throws Exception {
        var exact = new FilePart(choppy(request(new byte[1000], "form-data; name=\"file\"; filename=\"a.txt\"", true), 1),
                CONTENT_TYPE, 1000, 10_000);
        assertThat(exact.find()).isTrue();
        assertThat(exact.readAllBytes()).hasSize(1000);

        var over = new FilePart(choppy(request(new byte[1001], "form-data; name=\"file\"; filename=\"a.txt\"", true), 1),
                CONTENT_TYPE, 1000, 10_000);
        assertThat(over.find()).isTrue();
        assertThatThrownBy(over::readAllBytes).isInstanceOfSatisfying(ApiProblem.class,
                p -> assertThat(p.status().value()).isEqualTo(413));
    }

    @Test
    void aRequestLargerThanItsLimitIsRefusedEvenOutsideTheFile() throws Exception {
        byte[] request = request("x".getBytes(), "form-data; name=\"file\"; filename=\"a.txt\"", true);
        var part = new FilePart(new ByteArrayInputStream(request), CONTENT_TYPE, 100, request.length - 1);
        assertThatThrownBy(() -> {
            part.find();
            part.readAllBytes();
        }).isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.status().value()).isEqualTo(413));
    }

    @Test
    void aRequestCutShortIsABadRequest() throws Exception {
        var part = new FilePart(new ByteArrayInputStream(request("abc".getBytes(), "form-data; name=\"file\"; filename=\"a.txt\"", false)),
                CONTENT_TYPE, 100, 10_000);
        assertThat(part.find()).isTrue();
        assertThatThrownBy(part::readAllBytes).isInstanceOfSatisfying(ApiProblem.class,
                p -> assertThat(p.status().value()).isEqualTo(400));
    }

    @Test
    void aMultipartTypeWithoutBoundaryIsABadRequest() {
        assertThatThrownBy(() -> new FilePart(InputStream.nullInputStream(), "multipart/form-data", 100, 1000))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.status().value()).isEqualTo(400));
    }
}
