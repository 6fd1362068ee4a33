package org.projectchat.baseline.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param maxRequestBytes largest JSON request body accepted; larger ones get 413 (multipart is not counted)
 */
@ConfigurationProperties("projectchat.web")
public record WebProperties(Long maxRequestBytes) {
    public WebProperties {
        if (maxRequestBytes == null) {
            maxRequestBytes = 256L * 1024;
        }
    }
}
