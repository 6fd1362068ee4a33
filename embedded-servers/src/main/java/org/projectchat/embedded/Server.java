package org.projectchat.embedded;

/** The kinds of real server the harness can start, with their dev-mode ports. */
public enum Server {
    KAFKA(9092),
    POSTGRES(5432),
    ELASTICSEARCH(9200),
    S3(9000),
    SMTP(2525);

    private final int devPort;

    Server(int devPort) {
        this.devPort = devPort;
    }

    public int devPort() {
        return devPort;
    }
}
