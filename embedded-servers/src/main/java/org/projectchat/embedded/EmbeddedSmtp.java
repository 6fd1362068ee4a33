package org.projectchat.embedded;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** An SMTP server that captures every mail (GreenMail), readable back here or over IMAP. */
public final class EmbeddedSmtp implements EmbeddedServer {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedSmtp.class);

    private final GreenMail greenMail;
    private final int port;
    private final int imapPort;

    private EmbeddedSmtp(GreenMail greenMail, int port, int imapPort) {
        this.greenMail = greenMail;
        this.port = port;
        this.imapPort = imapPort;
    }

    public static EmbeddedSmtp start(int port) {
        int smtp = Ports.orFree(port);
        int imap = port == 0 ? Ports.free() : port + 118; // dev: 2525 -> 2643
        var smtpSetup = new ServerSetup(smtp, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        var imapSetup = new ServerSetup(imap, "127.0.0.1", ServerSetup.PROTOCOL_IMAP);
        GreenMail greenMail = new GreenMail(new ServerSetup[]{smtpSetup, imapSetup});
        greenMail.setUser("inbox@projectchat.local", "inbox@projectchat.local", "inbox");
        greenMail.start();
        var server = new EmbeddedSmtp(greenMail, smtp, imap);
        log.info("SMTP capture listening on {} (IMAP {})", server.address(), imap);
        return server;
    }

    public int port() {
        return port;
    }

    public int imapPort() {
        return imapPort;
    }

    public List<MimeMessage> receivedMessages() {
        return List.of(greenMail.getReceivedMessages());
    }

    public void purge() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String name() {
        return "smtp";
    }

    @Override
    public String address() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
