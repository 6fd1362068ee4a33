package org.projectchat.notifications.push;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.projectchat.baseline.web.ApiProblem;
import org.projectchat.contract.PlatformUser;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Browser push: the VAPID key to subscribe with, and the caller's subscriptions (one per browser). */
@RestController
public class PushController {

    private final Vapid vapid;
    private final PushSubscriptions subscriptions;
    private final Clock clock;
    private final PushProperties properties;

    public PushController(Vapid vapid, PushSubscriptions subscriptions, Clock clock, PushProperties properties) {
        this.properties = properties;
        this.vapid = vapid;
        this.subscriptions = subscriptions;
        this.clock = clock;
    }

    /** A browser's PushSubscription as {@code JSON.stringify(subscription)} gives it. */
    public record SubscriptionRequest(@NotBlank @Size(max = 2000) String endpoint, @NotNull @Valid Keys keys) {
        public record Keys(@NotBlank @Size(max = 200) String p256dh, @NotBlank @Size(max = 100) String auth) {
        }
    }

    /** A subscription as its owner sees it: where, since when, how the last pushes went. */
    public record SubscriptionView(UUID id, String pushService, Instant createdAt, Instant lastSuccessAt, Instant lastFailureAt,
                                   String lastError) {
        static SubscriptionView of(PushSubscriptions.Subscription s) {
            return new SubscriptionView(s.id(), URI.create(s.endpoint()).getHost(), s.createdAt(), s.lastSuccessAt(),
                    s.lastFailureAt(), s.lastError());
        }
    }

    @Operation(summary = "The VAPID public key (applicationServerKey for pushManager.subscribe)")
    @GetMapping("/push/vapid-public-key")
    Map<String, String> publicKey() {
        return Map.of("publicKey", vapid.publicKey());
    }

    @Operation(summary = "Subscribe this browser to push notifications")
    @PostMapping("/push/subscriptions")
    ResponseEntity<SubscriptionView> subscribe(PlatformUser user, @Valid @RequestBody SubscriptionRequest request) {
        URI endpoint;
        try {
            endpoint = URI.create(request.endpoint());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("invalid-push-endpoint", "endpoint is the push service URL the browser gave.");
        }
        if (!properties.allows(endpoint)) {
            throw ApiProblem.badRequest("invalid-push-endpoint", "endpoint is an https URL of a known push service.");
        }
        try {
            EcKeys.publicKey(Base64.getUrlDecoder().decode(request.keys().p256dh()));
            if (Base64.getUrlDecoder().decode(request.keys().auth()).length != 16) {
                throw new GeneralSecurityException("auth is 16 bytes");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw ApiProblem.badRequest("invalid-push-keys",
                    "keys.p256dh is a P-256 public key (65 bytes) and keys.auth a 16-byte secret, both base64url.");
        }
        var subscription = subscriptions.subscribe(user.userId(), request.endpoint(), request.keys().p256dh(), request.keys().auth(),
                clock.instant());
        return ResponseEntity.status(HttpStatus.CREATED).body(SubscriptionView.of(subscription));
    }

    @Operation(summary = "The caller's push subscriptions, with how their last pushes went")
    @GetMapping("/push/subscriptions")
    List<SubscriptionView> mine(PlatformUser user) {
        return subscriptions.of(user.userId()).stream().map(SubscriptionView::of).toList();
    }

    @Operation(summary = "Unsubscribe a browser")
    @DeleteMapping("/push/subscriptions/{id}")
    ResponseEntity<Void> unsubscribe(PlatformUser user, @PathVariable String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.notFound("unknown-push-subscription", "No push subscription " + id + ".");
        }
        if (!subscriptions.remove(user.userId(), uuid)) {
            throw ApiProblem.notFound("unknown-push-subscription", "No push subscription " + id + ".");
        }
        return ResponseEntity.noContent().build();
    }
}
