package io.natsj.store;

/** Where a file store's message lives, with what the index needs without reading it. Immutable. */
record Location(Segment segment, long offset, int length, String subject, long timestamp, int size) {
}
