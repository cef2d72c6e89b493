package io.natsj.auth;

import java.util.List;

/**
 * One direction of a permission (publish or subscribe): subjects allowed and subjects denied, as
 * nats-server's {@code SubjectPermission}. A null list was not given (everything allowed, nothing
 * denied); an empty allow list allows nothing. Subscribe entries may carry a queue group after a
 * space ({@code "foo.> workers"}), as in nats-server's configuration.
 */
public record SubjectPermission(List<String> allow, List<String> deny) {
    public SubjectPermission {
        allow = allow == null ? null : List.copyOf(allow);
        deny = deny == null ? null : List.copyOf(deny);
    }

    public static SubjectPermission allow(String... subjects) {
        return new SubjectPermission(List.of(subjects), null);
    }

    public static SubjectPermission deny(String... subjects) {
        return new SubjectPermission(null, List.of(subjects));
    }
}
