package io.natsj.jetstream;

import java.util.Objects;

/**
 * What a stream update may not change (nats-server 2.9's configUpdateCheck after checkStreamCfg):
 * name, max_consumers, storage, retention, template ownership, mirror and republish; sealed,
 * deny_delete and deny_purge may be set but never cleared. A sealed stream keeps no max_age, discards
 * new, denies delete and purge, and allows no rollup.
 */
final class StreamUpdate {
    private StreamUpdate() {
    }

    /** The configuration to apply, or nats-server's refusal. */
    static StreamConfig check(StreamConfig old, StreamConfig c) throws StreamConfigCheck.Invalid {
        if (!c.name().equals(old.name())) {
            throw StreamConfigCheck.Invalid.config("stream configuration name must match original");
        }
        if (c.maxConsumers() != old.maxConsumers()) {
            throw StreamConfigCheck.Invalid.config("stream configuration update can not change MaxConsumers");
        }
        if (c.storage() != old.storage()) {
            throw StreamConfigCheck.Invalid.config("stream configuration update can not change storage type");
        }
        if (c.retention() != old.retention()) {
            throw StreamConfigCheck.Invalid.config("stream configuration update can not change retention policy");
        }
        if (!old.templateOwner().isEmpty()) {
            throw StreamConfigCheck.Invalid.config("stream configuration update not allowed on template owned stream");
        }
        if (!c.templateOwner().isEmpty()) {
            throw StreamConfigCheck.Invalid.config("stream configuration update can not be owned by a template");
        }
        if (!c.sealed() && old.sealed()) {
            throw StreamConfigCheck.Invalid.config("stream configuration update can not unseal a sealed stream");
        }
        if (!c.denyDelete() && old.denyDelete()) {
            throw StreamConfigCheck.Invalid.config("stream configuration update can not cancel deny message deletes");
        }
        if (!c.denyPurge() && old.denyPurge()) {
            throw StreamConfigCheck.Invalid.config("stream configuration update can not cancel deny purge");
        }
        if (!Objects.equals(c.mirror(), old.mirror())) {
            throw new StreamConfigCheck.Invalid(ApiErrors.STREAM_MIRROR_NOT_UPDATABLE);
        }
        if (!Objects.equals(c.republish(), old.republish())) {
            throw StreamConfigCheck.Invalid.config("stream configuration update can not change RePublish");
        }
        if (c.discardNewPerSubject()) {
            if (c.discard() != StreamConfig.Discard.NEW) {
                throw StreamConfigCheck.Invalid.config("discard new per subject requires discard new policy to be set");
            }
            if (c.maxMsgsPerSubject() <= 0) {
                throw StreamConfigCheck.Invalid.config("discard new per subject requires max msgs per subject > 0");
            }
        }
        if (!c.sealed()) {
            return c;
        }
        return new StreamConfig(c.name(), c.description(), c.subjects(), c.retention(), c.maxConsumers(), c.maxMsgs(),
                c.maxBytes(), 0, c.maxMsgsPerSubject(), c.maxMsgSize(), StreamConfig.Discard.NEW, c.storage(), c.replicas(),
                c.noAck(), c.templateOwner(), c.duplicateWindowNanos(), c.placement(), c.mirror(), c.sources(), c.republish(),
                c.allowDirect(), c.mirrorDirect(), c.discardNewPerSubject(), true, true, true, false);
    }
}
