package io.revertiq.analysis.stream;

import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import io.revertiq.schemas.Topics;

/**
 * The Kafka Streams settings every RevertIQ topology runs with: exactly-once v2, byte-array default serdes
 * (each processor deserialises itself so a poison record can be dead-lettered with its bytes), and producer
 * limits that fit the catalog's large-record topics.
 */
public record StreamsSettings(String applicationId, String bootstrapServers, String registryUrl, Path stateDir,
                              int threads) {
    private static final int COMMIT_INTERVAL_MS = 100;

    public StreamsSettings {
        if (applicationId == null || !applicationId.matches("[a-zA-Z0-9._-]+")) {
            throw new IllegalArgumentException("application id must be [a-zA-Z0-9._-]+, got '" + applicationId + "'");
        }
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers are required");
        }
        if (registryUrl == null || !registryUrl.matches("https?://\\S+")) {
            throw new IllegalArgumentException("schema registry URL must be http(s)://..., got '" + registryUrl + "'");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    public Properties properties() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        // every commit is a transaction (markers on each partition written); 100 ms, Streams' own default under
        // exactly-once, costs at most that per stage in latency
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), Topics.LARGE_RECORD_BYTES);
        // under exactly-once nothing a producer sends is visible before the commit, and the commit flushes whatever
        // lingers: lingering for the whole interval (Streams' own default) adds no latency and sends a request per
        // commit rather than one per record or two
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), COMMIT_INTERVAL_MS);
        // results are JSON of hundreds of KB (and every changelog repeats what a store keeps): lz4 shrinks them
        // several times for a fraction of the CPU the broker and the readers would spend on the bytes
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        // one batch in flight: with transactions v2 a new producer's second batch can reach the broker before its
        // first and is refused (and retried) as out of order, which the broker logs as an error
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION), 1);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 50);
        p.put(StreamsConfig.topicPrefix("max.message.bytes"), Integer.toString(Topics.LARGE_RECORD_BYTES));
        return p;
    }
}
