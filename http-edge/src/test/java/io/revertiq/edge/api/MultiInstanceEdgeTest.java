package io.revertiq.edge.api;

import io.revertiq.analysis.stream.Events;
import io.revertiq.avro.AnalysisRequest;
import io.revertiq.avro.AnalysisStatus;
import io.revertiq.schemas.Topics;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import io.revertiq.edge.idempotency.IdempotencyConfig;
import io.revertiq.edge.idempotency.IdempotencyKeys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revertiq.analysis.stream.StreamsSettings;
import io.revertiq.edge.HttpEdge;
import io.revertiq.edge.db.TestDatabase;
import io.revertiq.edge.tenancy.JobStore;
import io.revertiq.edge.tenancy.Plan;
import io.revertiq.edge.tenancy.Scope;
import io.revertiq.edge.tenancy.TenancyService;
import io.revertiq.edge.tenancy.Tenant;
import io.revertiq.edge.webhooks.WebhookConfig;
import io.revertiq.edge.webhooks.Webhooks;
import io.revertiq.testkit.KafkaPlatformExtension;
import io.revertiq.testkit.TestPlatform;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two edge instances sharing one view application on the real broker split the analyses between them; a read sent
 * to either instance is answered by the one that holds the analysis, a synchronous analyze waits for its outcome
 * there, and an owner that does not answer is a 503.
 */
@ExtendWith(KafkaPlatformExtension.class)
class MultiInstanceEdgeTest {
    private static final String REQUEST = """
            {"ticker":"MULTI","horizon":{"start":"2024-01-02","end":"2024-06-28"},"async":true}""";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path state;

    @Test
    void eitherInstanceAnswersForEveryAnalysis(TestPlatform platform) throws Exception {
        try (TestDatabase db = TestDatabase.migrated()) {
            TenancyService tenancy = new TenancyService(db.pool);
            JobStore jobs = new JobStore(db.pool);
            Tenant tenant = TestDatabase.await(tenancy.createTenant("multi", Plan.ENTERPRISE, null));
            String key = TestDatabase.await(tenancy.createKey(tenant.id(), EnumSet.allOf(Scope.class))).key();
            int portA = freePort();
            int portB = freePort();
            try (AnalysisView viewA = view(platform, "a", portA).followJobs(jobs).start();
                 AnalysisView viewB = view(platform, "b", portB).followJobs(jobs).start();
                 AnalysisSubmitter submitter = new AnalysisSubmitter(platform.bootstrapServers(), platform.registry(),
                         Duration.ofSeconds(10));
                 HttpEdge edgeA = edge(db, viewA, submitter, tenancy, jobs, portA);
                 HttpEdge edgeB = edge(db, viewB, submitter, tenancy, jobs, portB)) {
                viewA.awaitRunning(Duration.ofSeconds(60));
                viewB.awaitRunning(Duration.ofSeconds(60));

                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    HttpResponse<String> accepted = post(portA, key, REQUEST);
                    assertEquals(202, accepted.statusCode(), accepted.body());
                    ids.add(new JsonObject(accepted.body()).getString("analysis_id"));
                }
                awaitSplit(viewA, viewB, ids);

                for (String id : ids) {
                    JsonObject viaA = awaitKnown(portA, key, id);
                    JsonObject viaB = awaitKnown(portB, key, id);
                    assertEquals(id, viaA.getString("analysis_id"));
                    assertEquals(viaA.getString("status"), viaB.getString("status"), id);
                    assertEquals("queued", viaA.getString("status"), id);
                    // the owner's view answers: the id is known there, it merely has no result yet
                    HttpResponse<String> windows = get(portA, key, "/v1/analysis/" + id + "/windows", null);
                    assertEquals(404, windows.statusCode());
                    assertTrue(windows.body().contains("has no result yet"), windows.body());
                }

                String heldByB = ids.stream().filter(id -> viewA.remoteOwner(id).isPresent()).findFirst().orElseThrow();
                HttpResponse<String> notForwardedTwice = get(portA, key, "/v1/analysis/" + heldByB,
                        OwnerForwarding.FORWARDED_HEADER);
                // answered here, where the view does not hold it: from the job row, not by another hop
                assertEquals(200, notForwardedTwice.statusCode(), notForwardedTwice.body());
                assertEquals(JobRowStatus.of(TestDatabase.await(jobs.find(heldByB)).orElseThrow()),
                        new JsonObject(notForwardedTwice.body()));

                // a synchronous analyze waits for the outcome on whichever instance holds its id
                try (FailingPipeline failing = new FailingPipeline(platform)) {
                    List<String> syncIds = new ArrayList<>();
                    for (int i = 0; i < 16; i++) {
                        HttpResponse<String> answered = post(portA, key, REQUEST.replace(",\"async\":true", ""));
                        assertEquals(200, answered.statusCode(), "a sync analyze answered before its outcome: "
                                + answered.body());
                        JsonObject failed = new JsonObject(answered.body());
                        assertEquals("failed", failed.getString("status"), answered.body());
                        assertEquals(FailingPipeline.REASON, failed.getString("reason"));
                        syncIds.add(failed.getString("analysis_id"));
                    }
                    assertTrue(syncIds.stream().anyMatch(id -> viewA.remoteOwner(id).isPresent()),
                            "none of the synchronous analyses was held by the other instance");
                }

                edgeB.close();
                HttpResponse<String> ownerGone = get(portA, key, "/v1/analysis/" + heldByB, null);
                assertEquals(503, ownerGone.statusCode(), ownerGone.body());
                JsonObject error = new JsonObject(ownerGone.body());
                assertEquals("UNAVAILABLE", error.getJsonObject("error").getString("code"));
                assertEquals(ownerGone.headers().firstValue("X-Request-Id").orElseThrow(), error.getString("request_id"));
            }
        }
    }

    private AnalysisView view(TestPlatform platform, String instance, int port) {
        return new AnalysisView(new StreamsSettings("revertiq-edge-multi", platform.bootstrapServers(),
                platform.registryUrl(), state.resolve(instance), 1), platform.registry(), "localhost:" + port);
    }

    private static HttpEdge edge(TestDatabase db, AnalysisView view, AnalysisSubmitter submitter,
                                 TenancyService tenancy, JobStore jobs, int port) {
        return new HttpEdge(db.vertx, List.of(), new V1Api(db.vertx, view, submitter,
                new V1Api.Config(Duration.ofSeconds(5)), tenancy, jobs,
                new Webhooks(db.vertx, db.pool, WebhookConfig.defaults()),
                new IdempotencyKeys(db.vertx, db.pool, IdempotencyConfig.defaults()))).start("localhost", port);
    }

    /** Waits until the two instances have split the partitions so that each holds some of {@code ids}. */
    private static void awaitSplit(AnalysisView a, AnalysisView b, List<String> ids) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (ids.stream().anyMatch(id -> a.remoteOwner(id).isPresent())
                    && ids.stream().anyMatch(id -> b.remoteOwner(id).isPresent())) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new AssertionError("the two instances did not split the view's partitions within 60 s");
    }

    private static JsonObject awaitKnown(int port, String key, String id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        HttpResponse<String> response = get(port, key, "/v1/analysis/" + id, null);
        while (response.statusCode() != 200 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100);
            response = get(port, key, "/v1/analysis/" + id, null);
        }
        assertEquals(200, response.statusCode(), response.body());
        return new JsonObject(response.body());
    }

    private static HttpResponse<String> post(int port, String key, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/analyze"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Stands in for the pipeline: every request submitted from now on fails at once with {@link #REASON}. */
    private static final class FailingPipeline implements AutoCloseable {
        static final String REASON = "no pipeline runs in this test";
        private final KafkaConsumer<String, AnalysisRequest> requests;
        private final KafkaProducer<String, AnalysisStatus> statuses;
        private final Thread loop;
        private volatile boolean running = true;

        FailingPipeline(TestPlatform platform) {
            requests = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()),
                    Topics.ANALYSIS_REQUESTS.keySerde(platform.registry()).deserializer(),
                    Topics.ANALYSIS_REQUESTS.valueSerde(platform.registry()).deserializer());
            statuses = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()),
                    Topics.ANALYSIS_STATUS.keySerde(platform.registry()).serializer(),
                    Topics.ANALYSIS_STATUS.valueSerde(platform.registry()).serializer());
            List<TopicPartition> partitions = requests.partitionsFor(Topics.ANALYSIS_REQUESTS.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            requests.assign(partitions);
            requests.seekToEnd(partitions);
            partitions.forEach(requests::position); // resolves the end now, before any request of the test is sent
            loop = new Thread(() -> {
                while (running) {
                    for (ConsumerRecord<String, AnalysisRequest> request : requests.poll(Duration.ofMillis(100))) {
                        statuses.send(new ProducerRecord<>(Topics.ANALYSIS_STATUS.name(), request.key(),
                                Events.failed(request.key(), "ingest", REASON, Instant.now())));
                    }
                    statuses.flush();
                }
            }, "failing-pipeline");
            loop.start();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            loop.join();
            requests.close();
            statuses.close();
        }
    }

    private static HttpResponse<String> get(int port, String key, String path, String extraHeader) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + key);
        if (extraHeader != null) {
            request.header(extraHeader, "test");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
