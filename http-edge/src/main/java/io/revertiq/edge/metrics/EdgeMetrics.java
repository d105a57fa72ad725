package io.revertiq.edge.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The metrics one process exposes at {@code GET /metrics} in the Prometheus text format: HTTP requests
 * ({@link HttpMetrics}), key and quota rejections ({@link Rejection}), the Kafka Streams clients bound with
 * {@link #bindStreams} (tagged {@code application}), and JVM basics (memory, GC, threads, classes, CPU, uptime).
 */
public final class EdgeMetrics implements AutoCloseable {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final List<KafkaStreamsMetrics> streamsBinders = new ArrayList<>();
    private final HttpMetrics http = new HttpMetrics(registry);

    public EdgeMetrics() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gc.bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Exposes the client's own metrics (threads, tasks, consumers, producers, state stores) under {@code application}. */
    public EdgeMetrics bindStreams(String application, KafkaStreams streams) {
        KafkaStreamsMetrics binder = new KafkaStreamsMetrics(streams, Tags.of("application", application));
        binder.bindTo(registry);
        streamsBinders.add(binder);
        return this;
    }

    /** The handler that times every request; mount it before any route. */
    public Handler<RoutingContext> httpRecorder() {
        return http;
    }

    /** Everything, in the Prometheus text format ({@value #CONTENT_TYPE}). */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        streamsBinders.forEach(KafkaStreamsMetrics::close);
        gc.close();
        registry.close();
    }
}
