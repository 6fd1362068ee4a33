package org.projectchat.files.upload;

import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.io.Content;
import org.projectchat.baseline.web.ApiProblem;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The part named {@value #FIELD} of a multipart/form-data request, read as the request arrives
 * (Jetty's multipart parser over the request's stream) rather than spooled whole before the
 * controller runs: the first bytes can be judged while the rest is still on its way, and a file
 * that stays small never touches the disk. Other parts are skipped. More than {@code maxFileBytes}
 * of the file, or more than {@code maxRequestBytes} of request, is refused with 413 as soon as it
 * is read.
 */
final class FilePart extends InputStream {

    public static final String FIELD = "file";

    /** Room for the multipart framing (boundaries, part headers, small fields) beside the file itself. */
    public static final long FRAMING_BYTES = 64 * 1024;

    private final InputStream request;
    private final MultiPart.Parser parser;
    private final long maxFileBytes;
    private final long maxRequestBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private final byte[] one = new byte[1];
    /** Parsed content of the file, not yet read: views of {@link #buffer}, so it is read empty before it is refilled. */
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    private long requestBytes;
    private long fileBytes;
    private boolean requestEnded;
    private String partName;
    private String partFileName;
    private boolean inFile;
    private boolean fileFound;
    private boolean fileEnded;
    private String fileName;
    private Throwable failure;

    public FilePart(InputStream request, String contentType, long maxFileBytes, long maxRequestBytes) {
        String boundary = MultiPart.extractBoundary(contentType);
        if (boundary == null || boundary.isEmpty()) {
            throw ApiProblem.badRequest("malformed-multipart", "The multipart request has no boundary.");
        }
        this.request = request;
        this.parser = new MultiPart.Parser(boundary, new Listener());
        this.maxFileBytes = maxFileBytes;
        this.maxRequestBytes = maxRequestBytes;
    }

    /** Reads up to the file's content; false when the request ends without a part named {@value #FIELD}. */
    public boolean find() {
        while (!fileFound && !requestEnded) {
            feed();
        }
        return fileFound;
    }

    /** The name the client gave the file, unsanitized; null when it gave none. */
    public String fileName() {
        return fileName;
    }

    /** How many bytes of the file have been read so far. */
    public long size() {
        return fileBytes;
    }

    @Override
    public int read() throws IOException {
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (pending.isEmpty()) {
            if (fileEnded || !fileFound && requestEnded) {
                return -1;
            }
            feed();
        }
        ByteBuffer content = pending.peek();
        int n = Math.min(length, content.remaining());
        content.get(into, offset, n);
        if (!content.hasRemaining()) {
            pending.poll();
        }
        fileBytes += n;
        if (fileBytes > maxFileBytes) {
            throw tooLarge();
        }
        return n;
    }

    public ApiProblem tooLarge() {
        return ApiProblem.tooLarge("file-too-large", "The upload exceeds " + maxFileBytes + " bytes.")
                .with("maxFileBytes", maxFileBytes);
    }

    private void feed() {
        int n;
        try {
            n = request.read(buffer);
        } catch (IOException e) {
            // the client went away mid-upload: nobody reads the answer, but it is not the server's fault either
            throw ApiProblem.badRequest("upload-interrupted", "The upload ended before the request was complete.");
        }
        if (n < 0) {
            requestEnded = true;
            parser.parse(Content.Chunk.EOF);
        } else {
            requestBytes += n;
            if (requestBytes > maxRequestBytes) {
                throw tooLarge();
            }
            parser.parse(Content.Chunk.from(ByteBuffer.wrap(buffer, 0, n), false));
        }
        if (failure != null) {
            throw ApiProblem.badRequest("malformed-multipart", "The multipart request cannot be read: " + failure.getMessage());
        }
    }

    /** Called by the parser, in {@link #feed()}, on this thread; it swallows what a listener throws. */
    private final class Listener implements MultiPart.Parser.Listener {
        @Override
        public void onPartBegin() {
            partName = null;
            partFileName = null;
        }

        @Override
        public void onPartHeader(String name, String value) {
            if (HttpHeaders.CONTENT_DISPOSITION.equalsIgnoreCase(name)) {
                try {
                    ContentDisposition disposition = ContentDisposition.parse(value);
                    partName = disposition.getName();
                    partFileName = disposition.getFilename();
                } catch (IllegalArgumentException e) {
                    failure = e;
                }
            }
        }

        @Override
        public void onPartHeaders() {
            if (!fileFound && FIELD.equals(partName)) {
                fileFound = true;
                inFile = true;
                fileName = partFileName;
            }
        }

        @Override
        public void onPartContent(Content.Chunk chunk) {
            if (inFile && chunk.hasRemaining()) {
                pending.add(chunk.getByteBuffer().slice());
            }
        }

        @Override
        public void onPartEnd() {
            if (inFile) {
                inFile = false;
                fileEnded = true;
            }
        }

        @Override
        public void onComplete() {
            if (fileFound && !fileEnded) {
                failure = new IOException("the file part has no end");
            }
        }

        @Override
        public void onFailure(Throwable cause) {
            failure = cause;
        }
    }
}
