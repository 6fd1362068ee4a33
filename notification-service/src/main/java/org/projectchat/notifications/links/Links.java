package org.projectchat.notifications.links;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where a notification points: the web client's page of a message (the client routes by the address' fragment, so a
 * link opens the page and then the message in its place), and this service's own public address.
 */
@Component
public class Links {

    private final String app;
    private final String service;

    public Links(@Value("${notifications.links.app-base-url:http://localhost:8080}") String app,
                 @Value("${notifications.links.service-base-url:http://localhost:8084}") String service) {
        this.app = strip(app);
        this.service = strip(service);
    }

    public String message(String projectId, String messageId) {
        return app + "/#/projects/" + projectId + "/messages/" + messageId;
    }

    public String project(String projectId) {
        return app + "/#/projects/" + projectId;
    }

    public String inbox() {
        return app + "/"; // the bell, on every page
    }

    public String notificationSettings() {
        return app + "/#/settings";
    }

    public String unsubscribe(String token) {
        return service + "/unsubscribe/" + token;
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
