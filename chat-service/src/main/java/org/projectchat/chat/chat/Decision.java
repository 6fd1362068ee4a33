package org.projectchat.chat.chat;

import org.projectchat.contract.ChatEvent;

import java.util.List;

/** The outcome of deciding a command: the events that happen, or why nothing happens. */
public sealed interface Decision {

    record Accepted(List<ChatEvent> events) implements Decision {
        public Accepted {
            events = List.copyOf(events);
        }
    }

    record Rejected(Rejection rejection) implements Decision {
    }

    static Decision accept(ChatEvent... events) {
        return new Accepted(List.of(events));
    }

    static Decision reject(Rejection rejection) {
        return new Rejected(rejection);
    }
}
