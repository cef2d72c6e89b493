package io.natsj.jetstream;

/**
 * The JetStream API errors natsj answers with, copied from nats-server 2.9.10's
 * jetstream_errors_generated.go (name, code, err_code and description unchanged). Add rows here,
 * never texts elsewhere.
 */
public final class ApiErrors {
    /** JSBadRequestErr */
    public static final ApiError BAD_REQUEST = new ApiError(400, 10003, "bad request");
    /** JSClusterNotAvailErr */
    public static final ApiError CLUSTER_NOT_AVAIL = new ApiError(503, 10008, "JetStream system temporarily unavailable");
    /** JSInsufficientResourcesErr */
    public static final ApiError INSUFFICIENT_RESOURCES = new ApiError(503, 10023, "insufficient resources");
    /** JSInvalidJSONErr */
    public static final ApiError INVALID_JSON = new ApiError(400, 10025, "invalid JSON");
    /** JSMaximumStreamsLimitErr */
    public static final ApiError MAXIMUM_STREAMS_LIMIT = new ApiError(400, 10027, "maximum number of streams reached");
    /** JSNotEnabledForAccountErr */
    public static final ApiError NOT_ENABLED_FOR_ACCOUNT = new ApiError(503, 10039, "JetStream not enabled for account");
    /** JSStreamNameExistErr */
    public static final ApiError STREAM_NAME_EXIST = new ApiError(400, 10058,
            "stream name already in use with a different configuration");
    /** JSNoMessageFoundErr */
    public static final ApiError NO_MESSAGE_FOUND = new ApiError(404, 10037, "no message found");
    /** JSStreamSubjectOverlapErr */
    public static final ApiError STREAM_SUBJECT_OVERLAP = new ApiError(400, 10065, "subjects overlap with an existing stream");
    /** JSStreamNotFoundErr */
    public static final ApiError STREAM_NOT_FOUND = new ApiError(404, 10059, "stream not found");
    /** JSMaximumConsumersLimitErr */
    public static final ApiError MAXIMUM_CONSUMERS_LIMIT = new ApiError(400, 10026, "maximum consumers limit reached");
    /** JSMemoryResourcesExceededErr */
    public static final ApiError MEMORY_RESOURCES_EXCEEDED = new ApiError(500, 10028, "insufficient memory resources available");
    /** JSStorageResourcesExceededErr */
    public static final ApiError STORAGE_RESOURCES_EXCEEDED = new ApiError(500, 10047, "insufficient storage resources available");
    /** JSAccountResourcesExceededErr */
    public static final ApiError ACCOUNT_RESOURCES_EXCEEDED = new ApiError(400, 10002, "resource limits exceeded for account");
    /** JSStreamMirrorNotUpdatableErr */
    public static final ApiError STREAM_MIRROR_NOT_UPDATABLE = new ApiError(400, 10055, "stream mirror configuration can not be updated");
    /** JSNotEnabledErr */
    public static final ApiError NOT_ENABLED = new ApiError(503, 10076, "JetStream not enabled");

    /** JSMirrorMaxMessageSizeTooBigErr */
    public static final ApiError MIRROR_MAX_MESSAGE_SIZE_TOO_BIG = new ApiError(400, 10030,
            "stream mirror must have max message size >= source");
    /** JSMirrorWithSourcesErr */
    public static final ApiError MIRROR_WITH_SOURCES = new ApiError(400, 10031, "stream mirrors can not also contain other sources");
    /** JSMirrorWithSubjectsErr */
    public static final ApiError MIRROR_WITH_SUBJECTS = new ApiError(400, 10034, "stream mirrors can not contain subjects");
    /** JSSourceMaxMessageSizeTooBigErr */
    public static final ApiError SOURCE_MAX_MESSAGE_SIZE_TOO_BIG = new ApiError(400, 10046,
            "stream source must have max message size >= target");
    /** JSStreamMessageExceedsMaximumErr */
    public static final ApiError STREAM_MESSAGE_EXCEEDS_MAXIMUM = new ApiError(400, 10054, "message size exceeds maximum allowed");
    /** JSStreamMismatchErr */
    public static final ApiError STREAM_MISMATCH = new ApiError(400, 10056, "stream name in subject does not match request");
    /** JSStreamNotMatchErr */
    public static final ApiError STREAM_NOT_MATCH = new ApiError(400, 10060, "expected stream does not match");
    /** JSStreamReplicasNotSupportedErr */
    public static final ApiError STREAM_REPLICAS_NOT_SUPPORTED = new ApiError(500, 10074,
            "replicas > 1 not supported in non-clustered mode");
    /** JSStreamHeaderExceedsMaximumErr */
    public static final ApiError STREAM_HEADER_EXCEEDS_MAXIMUM = new ApiError(400, 10097, "header size exceeds maximum allowed of 64k");
    /** JSStreamSealedErr */
    public static final ApiError STREAM_SEALED = new ApiError(400, 10109, "invalid operation on sealed stream");
    /** JSStreamMaxBytesRequired */
    public static final ApiError STREAM_MAX_BYTES_REQUIRED = new ApiError(400, 10113,
            "account requires a stream config to have max bytes set");
    /** JSStreamMaxStreamBytesExceeded */
    public static final ApiError STREAM_MAX_STREAM_BYTES_EXCEEDED = new ApiError(400, 10122,
            "stream max bytes exceeds account limit max stream bytes");
    /** JSStreamNameContainsPathSeparatorsErr */
    public static final ApiError STREAM_NAME_CONTAINS_PATH_SEPARATORS = new ApiError(400, 10128,
            "Stream name can not contain path separators");
    /** JSReplicasCountCannotBeNegative */
    public static final ApiError REPLICAS_COUNT_CANNOT_BE_NEGATIVE = new ApiError(400, 10133, "replicas count cannot be negative");

    /** JSStreamExternalApiOverlapErrF */
    public static ApiError streamExternalApiOverlap(String prefix, String subject) {
        return new ApiError(400, 10021, "stream external api prefix " + prefix + " must not overlap with " + subject);
    }

    /** JSStreamExternalDelPrefixOverlapsErrF */
    public static ApiError streamExternalDelPrefixOverlaps(String prefix, String subject) {
        return new ApiError(400, 10022, "stream external delivery prefix " + prefix + " overlaps with stream subject " + subject);
    }

    /** JSStreamInvalidExternalDeliverySubjErrF */
    public static ApiError streamInvalidExternalDeliverySubj(String prefix) {
        return new ApiError(400, 10024, "stream external delivery prefix " + prefix + " must not contain wildcards");
    }

    /** JSStreamInvalidConfigF */
    public static ApiError streamInvalidConfig(String err) {
        return new ApiError(500, 10052, err);
    }

    /** JSStreamWrongLastMsgIDErrF */
    public static ApiError streamWrongLastMsgId(String id) {
        return new ApiError(400, 10070, "wrong last msg ID: " + id);
    }

    /** JSStreamWrongLastSequenceErrF (the sequence as an unsigned number) */
    public static ApiError streamWrongLastSequence(long seq) {
        return new ApiError(400, 10071, "wrong last sequence: " + Long.toUnsignedString(seq));
    }

    /** JSStreamStoreFailedF */
    public static ApiError streamStoreFailed(String err) {
        return new ApiError(503, 10077, err);
    }

    /** JSSequenceNotFoundErrF */
    public static ApiError sequenceNotFound(long seq) {
        return new ApiError(400, 10043, "sequence " + Long.toUnsignedString(seq) + " not found");
    }

    /** JSStreamGeneralErrorF */
    public static ApiError streamGeneralError(String err) {
        return new ApiError(500, 10051, err);
    }

    /** JSStreamMsgDeleteFailedF */
    public static ApiError streamMsgDeleteFailed(String err) {
        return new ApiError(500, 10057, err);
    }

    /** JSStreamPurgeFailedF */
    public static ApiError streamPurgeFailed(String err) {
        return new ApiError(500, 10110, err);
    }

    /** JSStreamRollupFailedF */
    public static ApiError streamRollupFailed(String err) {
        return new ApiError(500, 10111, err);
    }

    private ApiErrors() {
    }
}
