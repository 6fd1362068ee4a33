package org.projectchat.files.upload;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Uploads stored (committed, their FileUploaded on its way), for operators' dashboards: files_uploads_total. */
@Component
class UploadMetrics {

    private final Counter stored;

    UploadMetrics(MeterRegistry registry) {
        this.stored = Counter.builder("files.uploads").description("files stored and announced").register(registry);
    }

    @EventListener
    void onStored(FileUploads.FileStored file) {
        stored.increment();
    }
}
