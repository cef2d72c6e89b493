package io.natsj.monitor;

import io.natsj.protocol.GoJson;
import java.util.List;

/**
 * An options object sent over the system account (ConnzEventOptions, SubszEventOptions, ...) read as
 * Go's json.Unmarshal reads it into the options struct ({@link GoJson}), failing with
 * {@link MonitorRequestException}s that carry Go's texts. An empty body means all defaults.
 */
final class OptionsJson {
    private final GoJson.Struct struct;

    private OptionsJson(GoJson.Struct struct) {
        this.struct = struct;
    }

    /**
     * @param struct the Go type's name, for error texts ("ConnzEventOptions")
     * @param json the request body; null or blank for defaults
     */
    static OptionsJson parse(String struct, String json) throws MonitorRequestException {
        try {
            return new OptionsJson(GoJson.struct("server." + struct, json));
        } catch (GoJson.SyntaxError | GoJson.TypeError e) {
            throw new MonitorRequestException(e.getMessage());
        }
    }

    String string(String tag, String goType) throws MonitorRequestException {
        try {
            return struct.string(tag, goType);
        } catch (GoJson.TypeError e) {
            throw new MonitorRequestException(e.getMessage());
        }
    }

    String string(String tag) throws MonitorRequestException {
        return string(tag, "string");
    }

    boolean bool(String tag) throws MonitorRequestException {
        try {
            return struct.bool(tag);
        } catch (GoJson.TypeError e) {
            throw new MonitorRequestException(e.getMessage());
        }
    }

    /** An int field (64 bits). */
    long integer(String tag, String goType) throws MonitorRequestException {
        try {
            return struct.integer(tag, goType, 64);
        } catch (GoJson.TypeError e) {
            throw new MonitorRequestException(e.getMessage());
        }
    }

    long integer(String tag) throws MonitorRequestException {
        return integer(tag, "int");
    }

    /** A uint64 field, as a long holding its bits. */
    long unsigned(String tag) throws MonitorRequestException {
        try {
            return struct.unsigned(tag, "uint64", 64);
        } catch (GoJson.TypeError e) {
            throw new MonitorRequestException(e.getMessage());
        }
    }

    List<String> strings(String tag) throws MonitorRequestException {
        try {
            return struct.strings(tag);
        } catch (GoJson.TypeError e) {
            throw new MonitorRequestException(e.getMessage());
        }
    }
}
