package org.projectchat.bench;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The load generator's reading of answers: whole only when all of the body is there, however it is framed. */
class PostRequestTest {

    private static PostRequest.Answer parse(String text, int upTo) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return PostRequest.Answer.parse(bytes, 0, upTo < 0 ? bytes.length : upTo);
    }

    @Test
    void anAnswerWithALengthEndsAfterItsBody() throws IOException {
        String first = "HTTP/1.1 201 \r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n{\"a\"}";
        String both = first + "HTTP/1.1 400 \r\nContent-Length: 0\r\n\r\n";

        PostRequest.Answer answer = parse(both, -1);

        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.end()).isEqualTo(first.length());
        assertThat(answer.closes()).isFalse();
        assertThat(parse(first, first.length() - 1)).as("one byte of the body missing").isNull();
        assertThat(parse(first, 20)).as("the headers cut").isNull();
    }

    @Test
    void aChunkedAnswerEndsAfterItsLastChunk() throws IOException {
        String chunked = "HTTP/1.1 201 \r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n2;x=y\r\nef\r\n0\r\n\r\n";

        PostRequest.Answer answer = parse(chunked, -1);

        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.end()).isEqualTo(chunked.length());
        for (int cut = 0; cut < chunked.length(); cut++) {
            assertThat(parse(chunked, cut)).as("cut at %d", cut).isNull();
        }
    }

    @Test
    void theServerClosingIsNoted() throws IOException {
        assertThat(parse("HTTP/1.1 201 \r\nConnection: close\r\nContent-Length: 0\r\n\r\n", -1).closes()).isTrue();
        assertThat(parse("HTTP/1.1 200 \r\n\r\nto the end", -1).closes()).as("no length, no chunks").isTrue();
    }

    @Test
    void whatIsNotHttp11IsRefused() {
        assertThatThrownBy(() -> parse("SSH-2.0-OpenSSH\r\n\r\n", -1)).isInstanceOf(IOException.class);
    }

    @Test
    void theRequestCarriesItsLength() {
        String request = new String(new PostRequest("http://localhost:8081", "t").bytes("/p", "{\"é\":1}"),
                StandardCharsets.UTF_8);

        assertThat(request).startsWith("POST /p HTTP/1.1\r\nHost: localhost:8081\r\nAuthorization: Bearer t\r\n")
                .contains("Content-Length: 8\r\n\r\n{\"é\":1}");
    }
}
