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

    // Consumers (jetstream_api.go).

    /** JSApiConsumerCreate: a consumer created without a name in the subject (legacy ephemeral), the stream as the last token */
    public static final String CONSUMER_CREATE = "$JS.API.CONSUMER.CREATE.*";
    /** JSApiConsumerCreateEx: CREATE.&lt;stream&gt;.&lt;consumer&gt;, optionally followed by the filter subject's tokens */
    public static final String CONSUMER_CREATE_NAMED = "$JS.API.CONSUMER.CREATE.*.>";
    /** JSApiDurableCreate: DURABLE.CREATE.&lt;stream&gt;.&lt;durable&gt; */
    public static final String CONSUMER_DURABLE_CREATE = "$JS.API.CONSUMER.DURABLE.CREATE.*.*";
    /** JSApiConsumers: the names of a stream's consumers */
    public static final String CONSUMER_NAMES = "$JS.API.CONSUMER.NAMES.*";
    /** JSApiConsumerList: the infos of a stream's consumers */
    public static final String CONSUMER_LIST = "$JS.API.CONSUMER.LIST.*";
    /** JSApiConsumerInfo: INFO.&lt;stream&gt;.&lt;consumer&gt; */
    public static final String CONSUMER_INFO = "$JS.API.CONSUMER.INFO.*.*";
    /** JSApiConsumerDelete: DELETE.&lt;stream&gt;.&lt;consumer&gt; */
    public static final String CONSUMER_DELETE = "$JS.API.CONSUMER.DELETE.*.*";
    /** JSApiRequestNextT without its stream and consumer: a pull consumer's MSG.NEXT is this + "&lt;stream&gt;.&lt;consumer&gt;" */
    public static final String CONSUMER_MSG_NEXT_PREFIX = "$JS.API.CONSUMER.MSG.NEXT.";
    /** jsAckT without its stream and consumer: a delivery's reply subject starts with this + "&lt;stream&gt;.&lt;consumer&gt;." */
    public static final String ACK_PREFIX = "$JS.ACK.";

    /** JSApiConsumerCreateResponseType (CREATE, CREATE.*.&gt; and DURABLE.CREATE all answer with it) */
    public static final String CONSUMER_CREATE_RESPONSE = "io.nats.jetstream.api.v1.consumer_create_response";
    /** JSApiConsumerInfoResponseType */
    public static final String CONSUMER_INFO_RESPONSE = "io.nats.jetstream.api.v1.consumer_info_response";
    /** JSApiConsumerNamesResponseType */
    public static final String CONSUMER_NAMES_RESPONSE = "io.nats.jetstream.api.v1.consumer_names_response";
    /** JSApiConsumerListResponseType */
    public static final String CONSUMER_LIST_RESPONSE = "io.nats.jetstream.api.v1.consumer_list_response";
    /** JSApiConsumerDeleteResponseType */
    public static final String CONSUMER_DELETE_RESPONSE = "io.nats.jetstream.api.v1.consumer_delete_response";
}
