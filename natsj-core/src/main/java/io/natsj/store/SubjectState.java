package io.natsj.store;

/**
 * Per-subject bookkeeping: live count and first and last live sequence. {@code subject} is the
 * one String instance every entry of this subject shares. Guarded by the owning store's lock.
 */
final class SubjectState {
    final String subject;
    long msgs;
    long first;
    long last;

    SubjectState(String subject, long seq) {
        this.subject = subject;
        this.first = seq;
        this.last = seq;
    }

    SimpleState simple() {
        return new SimpleState(msgs, first, last);
    }
}
