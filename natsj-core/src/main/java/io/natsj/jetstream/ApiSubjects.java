package io.natsj.jetstream;

/** The JetStream API's subjects and answer types, as nats-server 2.9.10's jetstream_api.go names them. */
public final class ApiSubjects {
    /** Every API request (jsAllAPI): what the server subscribes in each account. */
    public static final String ALL = "$JS.API.>";
    /** JSApiAccountInfo */
    public static final String ACCOUNT_INFO = "$JS.API.INFO";
    /** JSApiStreamCreate, the stream name as the last token */
    public static final String STREAM_CREATE = "$JS.API.STREAM.CREATE.*";

    /** JSApiAccountInfoResponseType */
    public static final String ACCOUNT_INFO_RESPONSE = "io.nats.jetstream.api.v1.account_info_response";
    /** JSApiStreamCreateResponseType */
    public static final String STREAM_CREATE_RESPONSE = "io.nats.jetstream.api.v1.stream_create_response";

    private ApiSubjects() {
    }
}
