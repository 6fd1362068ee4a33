package org.projectchat.baseline;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.projectchat.contract.PlatformUser;
import org.projectchat.baseline.web.ApiProblem;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** A tiny service built on the baseline, to test what every service gets from it. */
@SpringBootApplication
public class BaselineTestApplication {

    record Greeting(@NotBlank String text, @Positive int count) {
    }

    @RestController
    static class Endpoints {
        @GetMapping("/me")
        PlatformUser me(PlatformUser user) {
            return user;
        }

        @PostMapping("/greetings")
        Map<String, Object> greet(@Valid @RequestBody Greeting greeting) {
            return Map.of("echo", greeting.text(), "count", greeting.count());
        }

        @GetMapping("/staff-only")
        String staff(PlatformUser user) {
            if (!user.isStaff()) {
                throw ApiProblem.forbidden("not-staff", "Only platform ops may do this.");
            }
            return "ok";
        }

        /** An answer as most endpoints give it, a ResponseEntity, with a text of the given length. */
        @GetMapping("/texts/{length}")
        ResponseEntity<Map<String, String>> text(@PathVariable int length) {
            return ResponseEntity.status(201).header("Location", "/texts/" + length).body(Map.of("text", "x".repeat(length)));
        }

        @GetMapping("/items/{id}")
        String item(@PathVariable long id) {
            throw new IllegalStateException("secret internal detail " + id);
        }

        @GetMapping("/stored")
        String stored() {
            throw new org.springframework.dao.DataAccessResourceFailureException("Connection to db-host:5432 refused");
        }
    }
}
