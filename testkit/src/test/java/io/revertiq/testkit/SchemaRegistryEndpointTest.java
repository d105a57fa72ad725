package io.revertiq.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revertiq.platform.registry.SchemaRegistryServer;
import io.revertiq.platform.registry.SchemaStore;
import io.revertiq.schemas.registry.RegistryException;
import io.revertiq.schemas.registry.SchemaRegistryClient;
import io.revertiq.schemas.registry.SchemaVersion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The registry endpoint speaks Confluent's REST API, with its status and error codes, and keeps state in Kafka. */
@ExtendWith(KafkaPlatformExtension.class)
class SchemaRegistryEndpointTest {

    private static Schema v1(String name) {
        return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"" + name + "\",\"fields\":["
                + "{\"name\":\"a\",\"type\":\"string\"}]}");
    }

    private static Schema v2WithDefault(String name) {
        return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"" + name + "\",\"fields\":["
                + "{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\",\"default\":7}]}");
    }

    private static Schema v2WithoutDefault(String name) {
        return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"" + name + "\",\"fields\":["
                + "{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"c\",\"type\":\"int\"}]}");
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void registerGetByIdLatestAndVersions(TestPlatform platform) {
        SchemaRegistryClient client = new SchemaRegistryClient(platform.registryUrl());
        String subject = unique("orders") + "-value";
        int id1 = client.register(subject, v1("Order"));
        int again = new SchemaRegistryClient(platform.registryUrl()).register(subject, v1("Order"));
        assertEquals(id1, again, "registering the same schema twice returns the same id");

        int id2 = client.register(subject, v2WithDefault("Order"));
        assertNotEquals(id1, id2);
        assertEquals(v1("Order"), new SchemaRegistryClient(platform.registryUrl()).schemaById(id1));

        SchemaVersion latest = client.latest(subject);
        assertEquals(new SchemaVersion(subject, 2, id2, v2WithDefault("Order").toString()), latest);
        assertEquals(id1, client.version(subject, 1).id());
        assertEquals(List.of(1, 2), client.versions(subject));
        assertTrue(client.subjects().contains(subject));
        assertEquals(2, client.lookup(subject, v2WithDefault("Order")).version());
    }

    @Test
    void incompatibleChangeIsRefusedWith409(TestPlatform platform) {
        SchemaRegistryClient client = platform.registry();
        String subject = unique("bars") + "-value";
        client.register(subject, v1("Tick"));
        assertEquals("BACKWARD", client.globalCompatibility());
        assertFalse(client.isCompatible(subject, "latest", v2WithoutDefault("Tick")));
        assertTrue(client.isCompatible(subject, "1", v2WithDefault("Tick")));

        RegistryException refused = assertThrows(RegistryException.class,
                () -> client.register(subject, v2WithoutDefault("Tick")));
        assertEquals(409, refused.httpStatus());
        assertEquals(409, refused.errorCode());
        assertEquals(List.of(1), client.versions(subject), "a refused schema leaves no version behind");

        assertEquals("NONE", client.setSubjectCompatibility(subject, "NONE"));
        assertEquals("NONE", client.subjectCompatibility(subject));
        client.register(subject, v2WithoutDefault("Tick"));
        assertEquals(List.of(1, 2), client.versions(subject));
    }

    @Test
    void errorsUseConfluentCodes(TestPlatform platform) throws Exception {
        SchemaRegistryClient client = platform.registry();
        assertEquals(40401, assertThrows(RegistryException.class, () -> client.latest(unique("nobody"))).errorCode());
        assertEquals(40403, assertThrows(RegistryException.class, () -> client.schemaById(999_999)).errorCode());
        String subject = unique("codes");
        client.register(subject, v1("Code"));
        assertEquals(40402, assertThrows(RegistryException.class, () -> client.version(subject, 5)).errorCode());
        assertEquals(40408, assertThrows(RegistryException.class, () -> client.subjectCompatibility(subject)).errorCode());
        assertEquals(42203, assertThrows(RegistryException.class,
                () -> client.setSubjectCompatibility(subject, "SIDEWAYS")).errorCode());

        HttpResponse<String> invalid = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(platform.registryUrl() + "/subjects/" + subject + "/versions"))
                .header("Content-Type", SchemaRegistryClient.CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":\"{\\\"type\\\":\\\"nonsense\\\"}\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(422, invalid.statusCode());
        assertTrue(invalid.body().contains("\"error_code\":42201"), invalid.body());
    }

    @Test
    void schemasSurviveARegistryRestartAndAreSharedByInstances(TestPlatform platform) {
        String subject = unique("durable") + "-value";
        int id = platform.registry().register(subject, v1("Durable"));

        try (SchemaStore store = new SchemaStore(platform.bootstrapServers());
             SchemaRegistryServer restarted = new SchemaRegistryServer(platform.platform().vertx(), store)
                     .start("localhost", 0)) {
            SchemaRegistryClient fresh = new SchemaRegistryClient("http://localhost:" + restarted.port());
            assertEquals(v1("Durable"), fresh.schemaById(id));
            assertEquals(id, fresh.latest(subject).id());
        }
    }

    @Test
    void concurrentWritersOnTwoInstancesNeverShareAnId(TestPlatform platform) throws Exception {
        try (SchemaStore other = new SchemaStore(platform.bootstrapServers());
             SchemaRegistryServer second = new SchemaRegistryServer(platform.platform().vertx(), other)
                     .start("localhost", 0)) {
            List<String> urls = List.of(platform.registryUrl(), "http://localhost:" + second.port());
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<int[]>> futures = new ArrayList<>();
            String prefix = unique("race");
            for (int i = 0; i < 16; i++) {
                int n = i;
                Callable<int[]> task = () -> {
                    SchemaRegistryClient client = new SchemaRegistryClient(urls.get(n % 2));
                    return new int[] {n, client.register(prefix + n, v1("Race" + n))};
                };
                futures.add(pool.submit(task));
            }
            Set<Integer> ids = new HashSet<>();
            for (Future<int[]> future : futures) {
                int[] result = future.get();
                ids.add(result[1]);
                for (String url : urls) {
                    assertEquals(v1("Race" + result[0]), new SchemaRegistryClient(url).schemaById(result[1]));
                }
            }
            pool.shutdown();
            assertEquals(16, ids.size(), "16 different schemas got 16 different ids");
        }
    }
}
