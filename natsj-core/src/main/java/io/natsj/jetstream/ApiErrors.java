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

    // Consumers (nats-server 2.9.10's consumer errors, and the general ones its consumer API answers with).

    /** JSConsumerBadDurableNameErr */
    public static final ApiError CONSUMER_BAD_DURABLE_NAME = new ApiError(400, 10103,
            "durable name can not contain '.', '*', '>'");
    /** JSConsumerConfigRequiredErr */
    public static final ApiError CONSUMER_CONFIG_REQUIRED = new ApiError(400, 10078, "consumer config required");
    /** JSConsumerCreateDurableAndNameMismatch */
    public static final ApiError CONSUMER_CREATE_DURABLE_AND_NAME_MISMATCH = new ApiError(400, 10132,
            "Consumer Durable and Name have to be equal if both are provided");
    /** JSConsumerCreateFilterSubjectMismatchErr */
    public static final ApiError CONSUMER_CREATE_FILTER_SUBJECT_MISMATCH = new ApiError(400, 10131,
            "Consumer create request did not match filtered subject from create subject");
    /** JSConsumerDeliverCycleErr */
    public static final ApiError CONSUMER_DELIVER_CYCLE = new ApiError(400, 10081, "consumer deliver subject forms a cycle");
    /** JSConsumerDeliverToWildcardsErr */
    public static final ApiError CONSUMER_DELIVER_TO_WILDCARDS = new ApiError(400, 10079, "consumer deliver subject has wildcards");
    /** JSConsumerDirectRequiresEphemeralErr */
    public static final ApiError CONSUMER_DIRECT_REQUIRES_EPHEMERAL = new ApiError(400, 10091,
            "consumer direct requires an ephemeral consumer");
    /** JSConsumerDirectRequiresPushErr */
    public static final ApiError CONSUMER_DIRECT_REQUIRES_PUSH = new ApiError(400, 10090,
            "consumer direct requires a push based consumer");
    /** JSConsumerDurableNameNotInSubjectErr */
    public static final ApiError CONSUMER_DURABLE_NAME_NOT_IN_SUBJECT = new ApiError(400, 10016,
            "consumer expected to be durable but no durable name set in subject");
    /** JSConsumerDurableNameNotMatchSubjectErr */
    public static final ApiError CONSUMER_DURABLE_NAME_NOT_MATCH_SUBJECT = new ApiError(400, 10017,
            "consumer name in subject does not match durable name in request");
    /** JSConsumerDurableNameNotSetErr */
    public static final ApiError CONSUMER_DURABLE_NAME_NOT_SET = new ApiError(400, 10018,
            "consumer expected to be durable but a durable name was not set");
    /** JSConsumerEphemeralWithDurableInSubjectErr (defined by nats-server 2.9.10, answered by none of its handlers) */
    public static final ApiError CONSUMER_EPHEMERAL_WITH_DURABLE_IN_SUBJECT = new ApiError(400, 10019,
            "consumer expected to be ephemeral but detected a durable name set in subject");
    /** JSConsumerEphemeralWithDurableNameErr */
    public static final ApiError CONSUMER_EPHEMERAL_WITH_DURABLE_NAME = new ApiError(400, 10020,
            "consumer expected to be ephemeral but a durable name was set in request");
    /** JSConsumerExistingActiveErr */
    public static final ApiError CONSUMER_EXISTING_ACTIVE = new ApiError(400, 10105, "consumer already exists and is still active");
    /** JSConsumerFCRequiresPushErr */
    public static final ApiError CONSUMER_FC_REQUIRES_PUSH = new ApiError(400, 10089,
            "consumer flow control requires a push based consumer");
    /** JSConsumerFilterNotSubsetErr */
    public static final ApiError CONSUMER_FILTER_NOT_SUBSET = new ApiError(400, 10093,
            "consumer filter subject is not a valid subset of the interest subjects");
    /** JSConsumerHBRequiresPushErr */
    public static final ApiError CONSUMER_HB_REQUIRES_PUSH = new ApiError(400, 10088,
            "consumer idle heartbeat requires a push based consumer");
    /** JSConsumerInvalidDeliverSubject */
    public static final ApiError CONSUMER_INVALID_DELIVER_SUBJECT = new ApiError(400, 10112, "invalid push consumer deliver subject");
    /** JSConsumerMaxDeliverBackoffErr */
    public static final ApiError CONSUMER_MAX_DELIVER_BACKOFF = new ApiError(400, 10116,
            "max deliver is required to be > length of backoff values");
    /** JSConsumerMaxPendingAckPolicyRequiredErr */
    public static final ApiError CONSUMER_MAX_PENDING_ACK_POLICY_REQUIRED = new ApiError(400, 10082,
            "consumer requires ack policy for max ack pending");
    /** JSConsumerMaxRequestBatchNegativeErr */
    public static final ApiError CONSUMER_MAX_REQUEST_BATCH_NEGATIVE = new ApiError(400, 10114,
            "consumer max request batch needs to be > 0");
    /** JSConsumerMaxRequestExpiresToSmall */
    public static final ApiError CONSUMER_MAX_REQUEST_EXPIRES_TOO_SMALL = new ApiError(400, 10115,
            "consumer max request expires needs to be >= 1ms");
    /** JSConsumerMaxWaitingNegativeErr */
    public static final ApiError CONSUMER_MAX_WAITING_NEGATIVE = new ApiError(400, 10087, "consumer max waiting needs to be positive");
    /** JSConsumerNameContainsPathSeparatorsErr */
    public static final ApiError CONSUMER_NAME_CONTAINS_PATH_SEPARATORS = new ApiError(400, 10127,
            "Consumer name can not contain path separators");
    /** JSConsumerNameExistErr */
    public static final ApiError CONSUMER_NAME_EXIST = new ApiError(400, 10013, "consumer name already in use");
    /** JSConsumerNotFoundErr */
    public static final ApiError CONSUMER_NOT_FOUND = new ApiError(404, 10014, "consumer not found");
    /** JSConsumerOfflineErr */
    public static final ApiError CONSUMER_OFFLINE = new ApiError(500, 10119, "consumer is offline");
    /** JSConsumerOnMappedErr */
    public static final ApiError CONSUMER_ON_MAPPED = new ApiError(400, 10092, "consumer direct on a mapped consumer");
    /** JSConsumerPullNotDurableErr */
    public static final ApiError CONSUMER_PULL_NOT_DURABLE = new ApiError(400, 10085, "consumer in pull mode requires a durable name");
    /** JSConsumerPullRequiresAckErr */
    public static final ApiError CONSUMER_PULL_REQUIRES_ACK = new ApiError(400, 10084, "consumer in pull mode requires ack policy");
    /** JSConsumerPullWithRateLimitErr */
    public static final ApiError CONSUMER_PULL_WITH_RATE_LIMIT = new ApiError(400, 10086,
            "consumer in pull mode can not have rate limit set");
    /** JSConsumerPushMaxWaitingErr */
    public static final ApiError CONSUMER_PUSH_MAX_WAITING = new ApiError(400, 10080, "consumer in push mode can not set max waiting");
    /** JSConsumerReplacementWithDifferentNameErr */
    public static final ApiError CONSUMER_REPLACEMENT_WITH_DIFFERENT_NAME = new ApiError(400, 10106,
            "consumer replacement durable config not the same");
    /** JSConsumerReplicasExceedsStream */
    public static final ApiError CONSUMER_REPLICAS_EXCEEDS_STREAM = new ApiError(400, 10126,
            "consumer config replica count exceeds parent stream");
    /** JSConsumerSmallHeartbeatErr */
    public static final ApiError CONSUMER_SMALL_HEARTBEAT = new ApiError(400, 10083, "consumer idle heartbeat needs to be >= 100ms");
    /** JSConsumerWQConsumerNotDeliverAllErr */
    public static final ApiError CONSUMER_WQ_CONSUMER_NOT_DELIVER_ALL = new ApiError(400, 10101,
            "consumer must be deliver all on workqueue stream");
    /** JSConsumerWQConsumerNotUniqueErr */
    public static final ApiError CONSUMER_WQ_CONSUMER_NOT_UNIQUE = new ApiError(400, 10100,
            "filtered consumer not unique on workqueue stream");
    /** JSConsumerWQMultipleUnfilteredErr */
    public static final ApiError CONSUMER_WQ_MULTIPLE_UNFILTERED = new ApiError(400, 10099,
            "multiple non-filtered consumers not allowed on workqueue stream");
    /** JSConsumerWQRequiresExplicitAckErr */
    public static final ApiError CONSUMER_WQ_REQUIRES_EXPLICIT_ACK = new ApiError(400, 10098, "workqueue stream requires explicit ack");
    /** JSConsumerWithFlowControlNeedsHeartbeats */
    public static final ApiError CONSUMER_WITH_FLOW_CONTROL_NEEDS_HEARTBEATS = new ApiError(400, 10108,
            "consumer with flow control also needs heartbeats");
    /** JSNotEmptyRequestErr */
    public static final ApiError NOT_EMPTY_REQUEST = new ApiError(400, 10038, "expected an empty request payload");
    /** JSNoLimitsErr */
    public static final ApiError NO_LIMITS = new ApiError(400, 10120, "no JetStream default or applicable tiered limit present");
    /** JSStreamInvalidErr */
    public static final ApiError STREAM_INVALID = new ApiError(500, 10096, "stream not valid");

    /** JSConsumerCreateErrF: a consumer's creation or update failed; {@code err} is the reason as nats-server words it. */
    public static ApiError consumerCreate(String err) {
        return new ApiError(500, 10012, err);
    }

    /** JSConsumerDescriptionTooLongErrF */
    public static ApiError consumerDescriptionTooLong(int max) {
        return new ApiError(400, 10107, "consumer description is too long, maximum allowed is " + max);
    }

    /** JSConsumerInvalidPolicyErrF: a deliver policy that conflicts with the start options; the text is the reason. */
    public static ApiError consumerInvalidPolicy(String err) {
        return new ApiError(400, 10094, err);
    }

    /** JSConsumerInvalidSamplingErrF; {@code err} is Go's error text ("&lt;nil&gt;" for none). */
    public static ApiError consumerInvalidSampling(String err) {
        return new ApiError(400, 10095, "failed to parse consumer sampling configuration: " + err);
    }

    /** JSConsumerMaxPendingAckExcessErrF */
    public static ApiError consumerMaxPendingAckExcess(long limit) {
        return new ApiError(400, 10121, "consumer max ack pending exceeds system limit of " + limit);
    }

    /** JSConsumerMaxRequestBatchExceededF */
    public static ApiError consumerMaxRequestBatchExceeded(long limit) {
        return new ApiError(400, 10125, "consumer max request batch exceeds server limit of " + limit);
    }

    /** JSConsumerNameTooLongErrF */
    public static ApiError consumerNameTooLong(int max) {
        return new ApiError(400, 10102, "consumer name is too long, maximum allowed is " + max);
    }

    /** JSConsumerStoreFailedErrF */
    public static ApiError consumerStoreFailed(String err) {
        return new ApiError(500, 10104, "error creating store for consumer: " + err);
    }
}
