package org.projectchat.baseline.web;

/** A request body over the configured limit; answered with 413 problem+json. */
public class PayloadTooLargeException extends RuntimeException {
    public PayloadTooLargeException(long limit) {
        super("The request body exceeds " + limit + " bytes.");
    }
}
