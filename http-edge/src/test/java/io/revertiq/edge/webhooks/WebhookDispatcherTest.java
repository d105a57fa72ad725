package io.revertiq.edge.webhooks;

import io.revertiq.edge.idempotency.IdempotencyConfig;
import io.revertiq.edge.idempotency.IdempotencyKeys;
import static io.revertiq.edge.db.TestDatabase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revertiq.analysis.stream.StreamsSettings;
import io.revertiq.avro.WebhookDeadLetter;
import io.revertiq.edge.HttpEdge;
import io.revertiq.edge.api.AnalysisSubmitter;
import io.revertiq.edge.api.AnalysisView;
import io.revertiq.edge.api.V1Api;
import io.revertiq.edge.db.TestDatabase;
import io.revertiq.edge.tenancy.Admission;
import io.revertiq.edge.tenancy.JobStore;
import io.revertiq.edge.tenancy.Limits;
import io.revertiq.edge.tenancy.Plan;
import io.revertiq.edge.tenancy.Scope;
import io.revertiq.edge.tenancy.TenancyService;
import io.revertiq.edge.tenancy.Tenant;
import io.revertiq.schemas.Topics;
import io.revertiq.testkit.KafkaPlatformExtension;
import io.revertiq.testkit.TestPlatform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery on real parts: the outbox in PostgreSQL, receivers over real HTTP that verify every signature, dead
 * letters on the broker, the delivery log over the v1 API. Backoffs are tiny; assertions are on what was recorded,
 * never on how long anything took.
 */
@ExtendWith(KafkaPlatformExtension.class)
class WebhookDispatcherTest {
    private static final WebhookConfig CONFIG = new WebhookConfig(Duration.ofMillis(200), Duration.ofSeconds(2), 3,
            Duration.ofSeconds(2), Duration.ofMillis(20), 4, false, Duration.ofHours(1));
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path state;
    private static TestPlatform platform;
    private static TestDatabase db;
    private static JobStore jobs;
    private static Tenant tenant;
    private static String secret;
    private static String readKey;
    private static String otherTenantsKey;
    private static Webhooks webhooks;
    private static DeadLetterPublisher deadLetters;
    private static AnalysisView view;
    private static AnalysisSubmitter submitter;
    private static HttpEdge edge;

    @BeforeAll
    static void start(TestPlatform testPlatform) {
        platform = testPlatform;
        db = TestDatabase.migrated();
        TenancyService tenancy = new TenancyService(db.pool);
        jobs = new JobStore(db.pool);
        tenant = await(tenancy.createTenant("hooks", Plan.ENTERPRISE, new Limits(1000, 1000, 20, 6000)));
        readKey = await(tenancy.createKey(tenant.id(), EnumSet.of(Scope.ANALYSES_READ))).key();
        Tenant other = await(tenancy.createTenant("hooks-other", Plan.PRO, null));
        otherTenantsKey = await(tenancy.createKey(other.id(), EnumSet.allOf(Scope.class))).key();
        webhooks = new Webhooks(db.vertx, db.pool, CONFIG);
        secret = await(webhooks.secrets().current(tenant.id())).secret();
        deadLetters = new DeadLetterPublisher(db.vertx, platform.bootstrapServers(), platform.registry(),
                Duration.ofSeconds(10));
        // the log endpoint reads Postgres only: the view need not run
        view = new AnalysisView(new StreamsSettings("webhook-test-view", platform.bootstrapServers(),
                platform.registryUrl(), state, 1), platform.registry(), null);
        submitter = new AnalysisSubmitter(platform.bootstrapServers(), platform.registry(), Duration.ofSeconds(10));
        edge = new HttpEdge(db.vertx, List.of(), new V1Api(db.vertx, view, submitter,
                new V1Api.Config(Duration.ofSeconds(1)), tenancy, jobs, webhooks,
                new IdempotencyKeys(db.vertx, db.pool, IdempotencyConfig.defaults()))).start("localhost", 0);
    }

    @AfterAll
    static void stop() {
        edge.close();
        view.close();
        submitter.close();
        deadLetters.close();
        db.close();
    }

    /** A job of the test tenant, subscribed to {@code url}. */
    private static String subscribedAnalysis(String url) {
        String id = AnalysisSubmitter.newAnalysisId();
        Admission admission = await(jobs.admit(tenant.id(), id, LocalDate.of(2024, 1, 2), LocalDate.of(2024, 6, 28)));
        assertTrue(admission instanceof Admission.Admitted, admission.toString());
        if (url != null) {
            await(webhooks.subscribe(id, URI.create(url)));
        }
        return id;
    }

    private static AnalysisView.Outcome completed(String id) {
        JsonObject result = new JsonObject().put("analysis_id", id).put("status", "complete").put("ticker", "HOOK")
                .put("horizon", new JsonObject().put("start", "2024-01-02").put("end", "2024-06-28"))
                .put("windows_ranked", new JsonArray().add(new JsonObject().put("rank", 1).put("dow", "TUE")
                        .put("window", "10:00-11:00").put("n_trades", 61).put("oos_sharpe", 1.7)))
                .put("global_stats", new JsonObject().put("cells_evaluated", 12).put("cells_in_family", 10)
                        .put("cells_significant", 1))
                .put("provenance", new JsonObject().put("data_hash", "sha256:" + id));
        return new AnalysisView.Outcome(result.encode().getBytes(StandardCharsets.UTF_8), null);
    }

    private static JsonObject log(String id) {
        return await(webhooks.log(id));
    }

    /** The analysis's only delivery once it has left pending, re-read until then. */
    private static JsonObject settled(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonObject delivery = null;
        while (System.nanoTime() < deadline) {
            JsonArray deliveries = log(id).getJsonArray("deliveries");
            assertEquals(1, deliveries.size(), deliveries.encode());
            delivery = deliveries.getJsonObject(0);
            if (!delivery.getString("status").equals("pending")) {
                return delivery;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("still pending: " + delivery);
    }

    @Test
    void retriesAfter500sWithGrowingBackoffThenDelivers() throws Exception {
        try (TestReceiver receiver = TestReceiver.start(db.vertx, secret, 500, 500, 200);
             WebhookDispatcher dispatcher = new WebhookDispatcher(db.vertx, webhooks, deadLetters)) {
            String id = subscribedAnalysis(receiver.url());
            assertTrue(await(webhooks.record(id, completed(id), Instant.now())));
            dispatcher.start();
            JsonObject delivery = settled(id);

            assertEquals("delivered", delivery.getString("status"), delivery.encode());
            assertEquals(3, delivery.getInteger("attempt_count"));
            assertNotNull(delivery.getString("delivered_at"));
            assertNull(delivery.getString("next_attempt_at"));
            JsonArray attempts = delivery.getJsonArray("attempts");
            assertEquals(List.of(500, 500, 200), statuses(attempts));
            long firstWait = attempts.getJsonObject(0).getLong("backoff_ms");
            long secondWait = attempts.getJsonObject(1).getLong("backoff_ms");
            assertTrue(firstWait > 100 && firstWait <= 200, "base 200 ms with equal jitter: " + firstWait);
            assertTrue(secondWait > 200 && secondWait <= 400, "doubled: " + secondWait);
            assertTrue(secondWait > firstWait);
            assertNull(attempts.getJsonObject(2).getValue("backoff_ms"), "no wait after the delivery");
            for (int i = 1; i < attempts.size(); i++) {
                Instant due = Instant.parse(attempts.getJsonObject(i - 1).getString("next_attempt_at"));
                Instant attempted = Instant.parse(attempts.getJsonObject(i).getString("attempted_at"));
                assertFalse(attempted.isBefore(due), "attempt " + (i + 1) + " waited for its backoff");
            }

            List<TestReceiver.Received> received = receiver.received();
            assertEquals(3, received.size());
            for (int i = 0; i < received.size(); i++) {
                TestReceiver.Received r = received.get(i);
                assertEquals(WebhookVerifier.Verdict.VALID, r.verdict(), "attempt " + (i + 1));
                assertEquals("analysis.complete", r.header(WebhookDispatcher.EVENT_HEADER));
                assertEquals(delivery.getString("delivery_id"), r.header(WebhookDispatcher.DELIVERY_HEADER));
                assertEquals(Integer.toString(i + 1), r.header(WebhookDispatcher.ATTEMPT_HEADER));
                assertEquals("application/json", r.header("Content-Type"));
                assertEquals(received.get(0).body(), r.body(), "every attempt sends the same event");
            }
            JsonObject event = new JsonObject(received.get(0).body());
            assertEquals(delivery.getString("event_id"), event.getString("id"));
            assertEquals(id, event.getJsonObject("data").getString("analysis_id"));
            assertEquals("sha256:" + id, event.getJsonObject("data").getString("data_hash"));
        }
    }

    @Test
    void alwaysFailingIsDeadAfterTheLastAttemptAndDeadLettered() throws Exception {
        String id;
        try (TestReceiver receiver = TestReceiver.start(db.vertx, secret, 500);
             WebhookDispatcher dispatcher = new WebhookDispatcher(db.vertx, webhooks, deadLetters)) {
            id = subscribedAnalysis(receiver.url());
            assertTrue(await(webhooks.record(id, completed(id), Instant.now())));
            dispatcher.start();
            JsonObject delivery = settled(id);
            assertEquals("dead", delivery.getString("status"), delivery.encode());
            assertEquals(CONFIG.maxAttempts(), delivery.getInteger("attempt_count"));
            assertEquals("HTTP 500", delivery.getString("last_error"));
            assertNotNull(delivery.getString("dead_at"));
            assertEquals(List.of(500, 500, 500), statuses(delivery.getJsonArray("attempts")));
            assertNull(delivery.getJsonArray("attempts").getJsonObject(2).getValue("backoff_ms"), "no attempt after the last");
            assertEquals(3, receiver.received().size());
            receiver.received().forEach(r -> assertEquals(WebhookVerifier.Verdict.VALID, r.verdict()));

            WebhookDeadLetter dead = deadLetter(id);
            assertEquals(delivery.getString("delivery_id"), dead.getDeliveryId());
            assertEquals(delivery.getString("event_id"), dead.getEventId());
            assertEquals("analysis.complete", dead.getEventType());
            assertEquals(tenant.id().toString(), dead.getTenantId());
            assertEquals(receiver.url(), dead.getUrl());
            assertEquals(3, dead.getAttempts());
            assertEquals(500, dead.getLastHttpStatus());
            assertEquals("gave up after 3 attempts; the last one: HTTP 500", dead.getReason());
            assertEquals(receiver.received().get(0).body(), dead.getPayload());
            assertNotNull(settledDeadLetter(id).getString("dead_lettered_at"));
        }

        // the delivery log over the v1 API, scoped to the tenant
        HttpResponse<String> response = get("/v1/analysis/" + id + "/webhooks", readKey);
        assertEquals(200, response.statusCode(), response.body());
        JsonObject body = new JsonObject(response.body());
        assertEquals(log(id), body);
        assertEquals("dead", body.getJsonArray("deliveries").getJsonObject(0).getString("status"));
        HttpResponse<String> foreign = get("/v1/analysis/" + id + "/webhooks", otherTenantsKey);
        assertEquals(404, foreign.statusCode(), foreign.body());
        assertEquals("NOT_FOUND", new JsonObject(foreign.body()).getJsonObject("error").getString("code"));
    }

    @Test
    void aReceiverThatCannotBeReachedIsRetriedWithTheErrorLogged() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (WebhookDispatcher dispatcher = new WebhookDispatcher(db.vertx, webhooks, deadLetters)) {
            String id = subscribedAnalysis("http://localhost:" + closedPort + "/hook");
            assertTrue(await(webhooks.record(id, completed(id), Instant.now())));
            dispatcher.start();
            JsonObject delivery = settled(id);
            assertEquals("dead", delivery.getString("status"));
            for (Object a : delivery.getJsonArray("attempts")) {
                JsonObject attempt = (JsonObject) a;
                assertNull(attempt.getValue("http_status"));
                assertTrue(attempt.getString("error").toLowerCase().contains("refused"), attempt.encode());
            }
            WebhookDeadLetter dead = deadLetter(id);
            assertNull(dead.getLastHttpStatus());
            assertTrue(dead.getReason().startsWith("gave up after 3 attempts; the last one: "), dead.getReason());
        }
    }

    @Test
    void aReplayedOutcomeIsRecordedOnceAndAnUnsubscribedAnalysisNotAtAll() throws Exception {
        try (TestReceiver receiver = TestReceiver.start(db.vertx, secret, 200);
             WebhookDispatcher dispatcher = new WebhookDispatcher(db.vertx, webhooks, deadLetters)) {
            String id = subscribedAnalysis(receiver.url());
            assertTrue(await(webhooks.record(id, completed(id), Instant.now())));
            assertFalse(await(webhooks.record(id, completed(id), Instant.now())), "the replay finds the event recorded");
            dispatcher.start();
            assertEquals("delivered", settled(id).getString("status"));
            assertEquals(1, receiver.received().size());

            String silent = subscribedAnalysis(null);
            assertFalse(await(webhooks.record(silent, completed(silent), Instant.now())));
            assertEquals(new JsonObject().put("analysis_id", silent).putNull("webhook_url")
                    .put("deliveries", new JsonArray()), log(silent));
        }
    }

    @Test
    void aFailedAnalysisIsDeliveredAsAnalysisFailed() throws Exception {
        try (TestReceiver receiver = TestReceiver.start(db.vertx, secret, 204);
             WebhookDispatcher dispatcher = new WebhookDispatcher(db.vertx, webhooks, deadLetters)) {
            String id = subscribedAnalysis(receiver.url());
            JsonObject failed = new JsonObject().put("analysis_id", id).put("status", "failed").put("stage", "ingest")
                    .put("reason", "no bars").put("updated_at", "2025-01-02T03:04:05Z");
            assertTrue(await(webhooks.record(id, new AnalysisView.Outcome(null, failed), Instant.now())));
            dispatcher.start();
            JsonObject delivery = settled(id);
            assertEquals("delivered", delivery.getString("status"), "any 2xx is delivered");
            assertEquals("analysis.failed", delivery.getString("event_type"));
            TestReceiver.Received r = receiver.received().get(0);
            assertEquals("analysis.failed", r.header(WebhookDispatcher.EVENT_HEADER));
            assertEquals("no bars", new JsonObject(r.body()).getJsonObject("data").getString("reason"));
        }
    }

    @Test
    void twoDispatchersShareTheOutboxAndDeliverEachEventOnce() throws Exception {
        Pool secondPool = db.newPool(4);
        Webhooks secondInstance = new Webhooks(db.vertx, secondPool, CONFIG);
        try (TestReceiver receiver = TestReceiver.start(db.vertx, secret, 200)) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String id = subscribedAnalysis(receiver.url());
                assertTrue(await(webhooks.record(id, completed(id), Instant.now())));
                ids.add(id);
            }
            try (WebhookDispatcher first = new WebhookDispatcher(db.vertx, webhooks, deadLetters).start();
                 WebhookDispatcher second = new WebhookDispatcher(db.vertx, secondInstance, deadLetters).start()) {
                for (String id : ids) {
                    assertEquals("delivered", settled(id).getString("status"));
                }
            }
            Map<String, Integer> perDelivery = new HashMap<>();
            receiver.received().forEach(r -> perDelivery.merge(r.header(WebhookDispatcher.DELIVERY_HEADER), 1, Integer::sum));
            assertEquals(12, perDelivery.size());
            assertEquals(Set.of(1), Set.copyOf(perDelivery.values()), "no event delivered twice: " + perDelivery);
        } finally {
            await(secondPool.close());
        }
    }

    private static List<Integer> statuses(JsonArray attempts) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < attempts.size(); i++) {
            assertEquals(i + 1, attempts.getJsonObject(i).getInteger("attempt"));
            statuses.add(attempts.getJsonObject(i).getInteger("http_status"));
        }
        return statuses;
    }

    /** The delivery once the dispatcher has marked it dead-lettered. */
    private static JsonObject settledDeadLetter(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonObject delivery = log(id).getJsonArray("deliveries").getJsonObject(0);
            if (delivery.getString("dead_lettered_at") != null) {
                return delivery;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("not marked dead-lettered: " + log(id));
    }

    private static WebhookDeadLetter deadLetter(String analysisId) {
        try (KafkaConsumer<String, WebhookDeadLetter> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()),
                Topics.WEBHOOK_DEAD_LETTERS.keySerde(platform.registry()).deserializer(),
                Topics.WEBHOOK_DEAD_LETTERS.valueSerde(platform.registry()).deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.WEBHOOK_DEAD_LETTERS.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, WebhookDeadLetter> record : consumer.poll(Duration.ofMillis(200))) {
                    if (analysisId.equals(record.key())) {
                        return record.value();
                    }
                }
            }
        }
        throw new AssertionError("no dead letter for " + analysisId);
    }

    private static HttpResponse<String> get(String path, String key) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + edge.port() + path))
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
    }
}
