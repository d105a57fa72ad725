package io.revertiq.ingest;

import org.apache.kafka.streams.KafkaStreams;

/** Runs the ingest topology on a cluster until closed. */
public final class IngestService implements AutoCloseable {
    private final KafkaStreams streams;

    private IngestService(KafkaStreams streams) {
        this.streams = streams;
    }

    public static IngestService start(IngestConfig config) {
        KafkaStreams streams = new KafkaStreams(IngestTopology.buildTopology(config), config.streamsProperties());
        streams.start();
        return new IngestService(streams);
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    @Override
    public void close() {
        streams.close();
    }
}
