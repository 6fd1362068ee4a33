package org.projectchat.eventsourcing.replay;

import org.projectchat.contract.EventEnvelope;
import org.projectchat.contract.EventPayload;

import java.util.List;

/**
 * Where a replay builds a read model anew, beside the one that keeps serving: shadow tables, a new search index.
 * Nothing a reader sees changes before {@link #complete()}, which puts the new model in place in one step.
 */
public interface ReplayTarget {

    /** What is being built, for the progress report (e.g. "shadow tables of message-store"). */
    String describe();

    /** Makes the empty new model. */
    void begin() throws Exception;

    /** Applies a batch of replayed events to the new model. */
    void apply(List<EventEnvelope<EventPayload>> events) throws Exception;

    /** Puts the new model in place of the old one, atomically for readers; the live consumer is paused meanwhile. */
    void complete() throws Exception;

    /** The replay failed: removes what was built; the old model stays. */
    void abandon();
}
