package io.revertiq.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revertiq.avro.Bar;
import io.revertiq.schemas.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Clients no one here wrote read and write our topic: kafkajs with @kafkajs/confluent-schema-registry
 * (installed from the npm registry by this test) decodes our records through our registry endpoint, and
 * our deserializer reads the record it produces.
 */
@ExtendWith(KafkaPlatformExtension.class)
class KafkaJsInteropTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void kafkajsReadsOurRecordsAndWeReadItsRecord(TestPlatform platform) throws Exception {
        Path work = installKafkaJs();
        String topic = Topics.MARKET_BARS.name();
        String runId = "interop-" + UUID.randomUUID();
        List<Bar> sent = List.of(bar("SPY", 1.5), bar("SPY", 2.25), bar("IWM", 3.0));
        try (KafkaProducer<String, Bar> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()),
                Topics.MARKET_BARS.keySerde(platform.registry()).serializer(),
                Topics.MARKET_BARS.valueSerde(platform.registry()).serializer())) {
            for (Bar bar : sent) {
                producer.send(new ProducerRecord<>(topic, runId, bar)).get();
            }
        }
        Path schemaFile = work.resolve("Bar.avsc");
        Files.writeString(schemaFile, Bar.getClassSchema().toString());

        Process node = new ProcessBuilder("node", "interop.js", platform.bootstrapServers(), platform.registryUrl(),
                topic, runId, Integer.toString(sent.size()), schemaFile.toString())
                .directory(work.toFile()).redirectErrorStream(true).start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(node.waitFor(120, TimeUnit.SECONDS), "node finished");
        assertEquals(0, node.exitValue(), output);

        List<JsonNode> decoded = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("DECODED ")) {
                decoded.add(JSON.readTree(line.substring("DECODED ".length())));
            }
        }
        assertEquals(sent.size(), decoded.size(), output);
        for (int i = 0; i < sent.size(); i++) {
            assertEquals(sent.get(i).getTicker(), decoded.get(i).path("ticker").asText());
            assertEquals(sent.get(i).getC(), decoded.get(i).path("c").asDouble());
            assertEquals(sent.get(i).getT(), decoded.get(i).path("t").asLong());
        }
        assertTrue(output.contains("PRODUCED"), output);

        Bar fromJs = readKeyed(platform, topic, runId + "-js");
        assertEquals("QQQ", fromJs.getTicker());
        assertEquals(10.75, fromJs.getC());
        assertEquals(10.6, fromJs.getVw());
        assertEquals(42L, fromJs.getN());
        assertEquals("kafkajs", fromJs.getProvider());
    }

    private static Bar bar(String ticker, double close) {
        return Bar.newBuilder().setTicker(ticker).setInterval("1m").setT(1_700_000_000_000L).setO(close)
                .setH(close + 1).setL(close - 1).setC(close).setV(1000).setVw(close).setN(7L).setProvider("test").build();
    }

    private static Bar readKeyed(TestPlatform platform, String topic, String key) {
        try (KafkaConsumer<String, Bar> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "java-interop-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                Topics.MARKET_BARS.keySerde(platform.registry()).deserializer(),
                Topics.MARKET_BARS.valueSerde(platform.registry()).deserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, Bar> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        return record.value();
                    }
                }
            }
        }
        throw new AssertionError("no record with key " + key + " on " + topic);
    }

    /** npm installs the pinned packages once per build directory; a second run reuses them. */
    private static Path installKafkaJs() throws IOException, InterruptedException {
        Path work = Path.of("target", "kafkajs").toAbsolutePath();
        Files.createDirectories(work);
        for (String name : List.of("package.json", "interop.js")) {
            try (InputStream in = KafkaJsInteropTest.class.getResourceAsStream("/kafkajs/" + name)) {
                Files.copy(in, work.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (!Files.isDirectory(work.resolve("node_modules/kafkajs"))) {
            Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error")
                    .directory(work.toFile()).redirectErrorStream(true).start();
            String log = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(npm.waitFor(300, TimeUnit.SECONDS), "npm install finished");
            assertEquals(0, npm.exitValue(), "npm install failed:\n" + log);
        }
        return work;
    }
}
