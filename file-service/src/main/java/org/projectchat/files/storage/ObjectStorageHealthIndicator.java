package org.projectchat.files.storage;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/** Object storage is part of readiness: without it uploads and downloads cannot work. */
@Component
public class ObjectStorageHealthIndicator extends AbstractHealthIndicator {

    private final ObjectStorage storage;

    public ObjectStorageHealthIndicator(ObjectStorage storage) {
        super("object storage check failed");
        this.storage = storage;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        storage.check();
        builder.up();
    }
}
