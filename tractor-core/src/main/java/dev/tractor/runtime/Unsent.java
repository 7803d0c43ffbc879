package dev.tractor.runtime;

/** Delivered to a call's inbox when one of its own messages could not be sent: it ends the call with {@code error}. */
record Unsent(RuntimeException error) {
}
