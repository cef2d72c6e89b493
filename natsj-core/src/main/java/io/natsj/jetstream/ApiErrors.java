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
    /** JSStreamNotFoundErr */
    public static final ApiError STREAM_NOT_FOUND = new ApiError(404, 10059, "stream not found");
    /** JSNotEnabledErr */
    public static final ApiError NOT_ENABLED = new ApiError(503, 10076, "JetStream not enabled");

    private ApiErrors() {
    }
}
