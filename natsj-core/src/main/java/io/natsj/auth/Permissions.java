package io.natsj.auth;

/**
 * What a user may publish and subscribe to, as nats-server's {@code Permissions}. Any part may be
 * null: not restricted. {@code response} set turns on allow_responses.
 */
public record Permissions(SubjectPermission publish, SubjectPermission subscribe, ResponsePermission response) {
    public static final Permissions NONE = new Permissions(null, null, null);

    public boolean isEmpty() {
        return publish == null && subscribe == null && response == null;
    }
}
