package io.natsj.store;

/** What a full stream does with a new message: drop the oldest ones, or refuse the new one. */
public enum DiscardPolicy {
    OLD,
    NEW
}
