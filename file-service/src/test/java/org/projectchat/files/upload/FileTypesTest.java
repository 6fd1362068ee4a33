package org.projectchat.files.upload;

import org.junit.jupiter.api.Test;
import org.apache.tika.io.TikaInputStream;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The judgement of bytes alone, without a server: the edges of the short magic look and the UTF-8 check. */
class FileTypesTest {

    private final FileTypes types = new FileTypes();

    /** As FileUploads judges: the head first, the whole file only when the head cannot tell. */
    private FileTypes.Verdict judge(String name, byte[] content) throws Exception {
        byte[] head = Arrays.copyOf(content, Math.min(content.length, FileTypes.HEAD_BYTES));
        FileTypes.Verdict verdict = types.judgeHead(head, name);
        if (verdict == null) {
            try (var whole = TikaInputStream.get(content)) {
                verdict = types.judgeWhole(whole, head, name);
            }
        }
        return verdict;
    }

    @Test
    void binaryThatLooksLikeTextForTheMagicLookIsStillRefused() throws Exception {
        byte[] content = new byte[40 * 1024];
        Arrays.fill(content, 0, FileTypes.MAGIC_BYTES + 100, (byte) 'a'); // text for the magic look, NUL bytes after
        var verdict = judge("notes.txt", content);
        assertThat(verdict.accepted()).isFalse();
        assertThat(verdict.reason()).contains("not text");
    }

    @Test
    void aFileEndingInACutCharacterIsNotText() throws Exception {
        byte[] text = "prix: 10 ".getBytes(StandardCharsets.UTF_8);
        byte[] cut = Arrays.copyOf(text, text.length + 1);
        cut[text.length] = (byte) 0xE2; // the first byte of "€", and then the file ends
        assertThat(judge("notes.txt", cut).accepted()).isFalse();
    }

    @Test
    void aCharacterCutByTheEdgeOfTheCheckedHeadIsFine() throws Exception {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        for (int before = 1; before <= euro.length - 1 + 1; before++) { // 1 or 2 of its 3 bytes inside the head, or all 3
            byte[] content = new byte[FileTypes.TEXT_CHECK_BYTES + 1000];
            Arrays.fill(content, (byte) 'x');
            System.arraycopy(euro, 0, content, FileTypes.TEXT_CHECK_BYTES - before, euro.length);
            var verdict = judge("notes.md", content);
            assertThat(verdict.accepted()).as(before + " bytes inside: " + verdict.reason()).isTrue();
            assertThat(verdict.contentType()).isEqualTo("text/plain; charset=utf-8");
        }
    }

    @Test
    void aFileOfExactlyTheCheckedLengthEndingInACutCharacterIsNotText() throws Exception {
        byte[] content = new byte[FileTypes.TEXT_CHECK_BYTES];
        Arrays.fill(content, (byte) 'x');
        content[content.length - 1] = (byte) 0xE2; // the first byte of "€", and then the file ends
        assertThat(judge("notes.md", content).accepted()).isFalse();
    }

    @Test
    void invalidUtf8RightAtTheEdgeOfTheHeadIsNotText() throws Exception {
        byte[] content = new byte[FileTypes.TEXT_CHECK_BYTES + 1000];
        Arrays.fill(content, (byte) 'x');
        content[FileTypes.TEXT_CHECK_BYTES - 2] = (byte) 0x82; // a continuation byte without its lead
        assertThat(judge("notes.md", content).accepted()).isFalse();
    }

    @Test
    void imagesAndPdfAreKnownFromTheirHead() throws Exception {
        byte[] png = new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        assertThat(judge("cat.png", png).contentType()).isEqualTo("image/png");
        assertThat(judge("cat.pdf", png).accepted()).isFalse();
        var svg = judge("logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>".getBytes(StandardCharsets.UTF_8));
        assertThat(svg.contentType()).isEqualTo("image/svg+xml");
        assertThat(FileTypes.isRasterImage(svg.contentType())).isFalse();
        assertThat(FileTypes.isRasterImage(judge("cat.png", png).contentType())).isTrue();
    }

    @Test
    void anSvgIsKnownByItsRootElementAfterAPrologOfSomeKiB() throws Exception {
        String prolog = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- " + "Generator: an illustration program. ".repeat(100)
                + "-->\n";
        assertThat(prolog.length()).isBetween(3 * 1024, FileTypes.MAGIC_BYTES - 100);
        var svg = judge("logo.svg", (prolog + "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>").getBytes(StandardCharsets.UTF_8));
        assertThat(svg.contentType()).isEqualTo("image/svg+xml");
        var xml = judge("pom.xml", (prolog + "<project><modelVersion>4.0.0</modelVersion></project>").getBytes(StandardCharsets.UTF_8));
        assertThat(xml.accepted()).isTrue();
        assertThat(xml.category()).isEqualTo(FileTypes.Category.TEXT);
        assertThat(judge("logo.svg", (prolog + "<project/>").getBytes(StandardCharsets.UTF_8)).accepted()).isFalse();
        var xhtml = judge("page.html", ("<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>hi</body></html>")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(xhtml.accepted()).as(xhtml.reason()).isTrue();
    }
}
