package io.revertiq.platform.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.revertiq.schemas.Topics;
import io.revertiq.schemas.registry.SchemaVersion;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's state, kept as a log in the compacted single-partition {@code _schemas} topic (Confluent's
 * key/value JSON layout) and materialised in memory by every instance that reads it.
 *
 * <p>Several instances may write at once without a leader: each write is applied only if it does not
 * contradict what the log already holds (an id bound to another schema, a subject version already taken).
 * The log is totally ordered, so every instance keeps the same winner; a writer whose record lost reads the
 * log up to its own record, sees that, and tries again with the next free id or version.
 */
public final class SchemaStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final int MAX_WRITE_ATTEMPTS = 50;

    private final Object writeLock = new Object();
    private final TopicPartition partition = new TopicPartition(Topics.SCHEMAS.name(), 0);
    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> consumer;
    /** Asks the broker for the log end; the reader's consumer belongs to the reader thread. */
    private final KafkaConsumer<String, String> endOffsets;
    private final Thread reader;
    private volatile boolean running = true;

    // guarded by this
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, TreeMap<Integer, Integer>> versionsBySubject = new TreeMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
    private long appliedOffset = -1;

    public SchemaStore(String bootstrapServers) {
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer());

        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer());
        endOffsets = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer());
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));

        reader = new Thread(this::readLog, "schema-store-reader");
        reader.setDaemon(true);
        reader.start();
        awaitCaughtUp();
    }

    private void readLog() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    apply(record);
                }
                synchronized (this) {
                    appliedOffset = Math.max(appliedOffset, consumer.position(partition) - 1);
                    notifyAll();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("schema store reader stopped", e);
        } finally {
            consumer.close();
        }
    }

    private synchronized void apply(ConsumerRecord<String, String> record) {
        try {
            JsonNode key = JSON.readTree(record.key());
            String type = key.path("keytype").asText();
            JsonNode value = record.value() == null ? null : JSON.readTree(record.value());
            if ("SCHEMA".equals(type) && value != null && !value.path("deleted").asBoolean(false)) {
                applySchema(value);
            } else if ("CONFIG".equals(type) && value != null) {
                CompatibilityLevel level = CompatibilityLevel.parse(value.path("compatibilityLevel").asText());
                if (key.path("subject").isTextual()) {
                    subjectLevels.put(key.path("subject").asText(), level);
                } else {
                    globalLevel = level;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("skipping unreadable _schemas record at offset {}: {}", record.offset(), e.getMessage());
        }
        appliedOffset = record.offset();
        notifyAll();
    }

    private void applySchema(JsonNode value) {
        String subject = value.path("subject").asText();
        int version = value.path("version").asInt();
        int id = value.path("id").asInt();
        Schema schema = new Schema.Parser().parse(value.path("schema").asText());
        Schema bound = schemasById.get(id);
        TreeMap<Integer, Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new TreeMap<>());
        Integer taken = versions.get(version);
        if ((bound != null && !bound.equals(schema)) || (taken != null && taken != id)) {
            return; // a concurrent writer lost the race; its author retries
        }
        schemasById.put(id, schema);
        versions.put(version, id);
    }

    /** Blocks until this instance has applied everything written to the log so far. */
    public void awaitCaughtUp() {
        long end;
        synchronized (endOffsets) {
            end = endOffsets.endOffsets(List.of(partition), TIMEOUT).get(partition);
        }
        awaitApplied(end - 1);
    }

    private synchronized void awaitApplied(long offset) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (appliedOffset < offset) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !running) {
                throw new RegistryError(500, 50002, "Timed out reading the schema log");
            }
            try {
                wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryError(500, 50002, "Interrupted while reading the schema log");
            }
        }
    }

    /** Registers {@code schemaText} under {@code subject} (or finds it there) and returns its global id. */
    public int register(String subject, String schemaText) {
        Schema schema = parse(schemaText);
        // one write in flight per instance: races are then only between instances, and each round has a winner
        synchronized (writeLock) {
            return registerSerially(subject, schema);
        }
    }

    private int registerSerially(String subject, Schema schema) {
        for (int attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
            if (attempt > 0) {
                backOff(attempt);
            }
            awaitCaughtUp();
            int id;
            int version;
            synchronized (this) {
                TreeMap<Integer, Integer> versions = versionsBySubject.getOrDefault(subject, new TreeMap<>());
                for (int existingId : versions.values()) {
                    if (schemasById.get(existingId).equals(schema)) {
                        return existingId;
                    }
                }
                List<Schema> previous = new ArrayList<>();
                versions.values().forEach(v -> previous.add(schemasById.get(v)));
                if (!level(subject).allows(schema, previous)) {
                    throw new RegistryError(409, 409, "Schema being registered is incompatible with an earlier schema"
                            + " for subject \"" + subject + "\" (compatibility " + level(subject) + ")");
                }
                id = idOf(schema);
                version = versions.isEmpty() ? 1 : versions.lastKey() + 1;
            }
            ObjectNode key = JSON.createObjectNode().put("keytype", "SCHEMA").put("subject", subject)
                    .put("version", version).put("magic", 1);
            ObjectNode value = JSON.createObjectNode().put("subject", subject).put("version", version)
                    .put("id", id).put("schema", schema.toString()).put("deleted", false);
            awaitApplied(write(key, value));
            synchronized (this) {
                Integer stored = versionsBySubject.getOrDefault(subject, new TreeMap<>()).get(version);
                if (stored != null && stored == id && schemasById.get(id).equals(schema)) {
                    return id;
                }
            }
        }
        throw new RegistryError(500, 50001, "Could not register the schema: too many concurrent writers");
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L * Math.min(attempt, 10)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryError(500, 50002, "Interrupted while registering a schema");
        }
    }

    /** The id the schema already has anywhere in the registry, else the next free one. Caller holds the lock. */
    private int idOf(Schema schema) {
        int max = 0;
        for (Map.Entry<Integer, Schema> entry : schemasById.entrySet()) {
            if (entry.getValue().equals(schema)) {
                return entry.getKey();
            }
            max = Math.max(max, entry.getKey());
        }
        return max + 1;
    }

    public synchronized SchemaVersion lookup(String subject, String schemaText) {
        Schema schema = parse(schemaText);
        TreeMap<Integer, Integer> versions = versions(subject);
        for (Map.Entry<Integer, Integer> entry : versions.entrySet()) {
            if (schemasById.get(entry.getValue()).equals(schema)) {
                return new SchemaVersion(subject, entry.getKey(), entry.getValue(), schema.toString());
            }
        }
        throw RegistryError.schemaNotFound();
    }

    public Schema byId(int id) {
        synchronized (this) {
            Schema schema = schemasById.get(id);
            if (schema != null) {
                return schema;
            }
        }
        awaitCaughtUp(); // another instance may have just written it
        synchronized (this) {
            Schema schema = schemasById.get(id);
            if (schema == null) {
                throw RegistryError.schemaNotFound();
            }
            return schema;
        }
    }

    public synchronized List<String> subjects() {
        return new ArrayList<>(versionsBySubject.keySet());
    }

    public synchronized List<Integer> versionNumbers(String subject) {
        return new ArrayList<>(versions(subject).keySet());
    }

    /** {@code version} is a number or "latest". */
    public synchronized SchemaVersion version(String subject, String version) {
        TreeMap<Integer, Integer> versions = versions(subject);
        int number = versionNumber(versions, version);
        Integer id = versions.get(number);
        if (id == null) {
            throw RegistryError.versionNotFound(version);
        }
        return new SchemaVersion(subject, number, id, schemasById.get(id).toString());
    }

    public synchronized boolean isCompatible(String subject, String version, String schemaText) {
        Schema schema = parse(schemaText);
        SchemaVersion against = version(subject, version);
        return level(subject).allows(schema, List.of(schemasById.get(against.id())));
    }

    public synchronized CompatibilityLevel globalLevel() {
        return globalLevel;
    }

    /** The subject's own level, or null when it follows the global one. */
    public synchronized CompatibilityLevel subjectLevel(String subject) {
        return subjectLevels.get(subject);
    }

    public void setLevel(String subjectOrNull, CompatibilityLevel level) {
        ObjectNode key = JSON.createObjectNode().put("keytype", "CONFIG");
        if (subjectOrNull == null) {
            key.putNull("subject");
        } else {
            key.put("subject", subjectOrNull);
        }
        key.put("magic", 0);
        awaitApplied(write(key, JSON.createObjectNode().put("compatibilityLevel", level.name())));
    }

    private CompatibilityLevel level(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    private TreeMap<Integer, Integer> versions(String subject) {
        TreeMap<Integer, Integer> versions = versionsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }
        return versions;
    }

    private static int versionNumber(TreeMap<Integer, Integer> versions, String version) {
        if ("latest".equals(version) || "-1".equals(version)) {
            return versions.lastKey();
        }
        try {
            int number = Integer.parseInt(version);
            if (number < 1) {
                throw RegistryError.invalidVersion(version);
            }
            return number;
        } catch (NumberFormatException e) {
            throw RegistryError.invalidVersion(version);
        }
    }

    private static Schema parse(String schemaText) {
        if (schemaText == null || schemaText.isBlank()) {
            throw RegistryError.invalidSchema("empty schema");
        }
        try {
            return new Schema.Parser().parse(schemaText);
        } catch (RuntimeException e) {
            // Avro 1.12 reports an unknown type name as a NullPointerException, so any failure counts as invalid
            throw RegistryError.invalidSchema(e.getMessage());
        }
    }

    private long write(ObjectNode key, ObjectNode value) {
        try {
            return producer.send(new ProducerRecord<>(partition.topic(), partition.partition(), key.toString(),
                    value.toString())).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).offset();
        } catch (Exception e) {
            throw new RegistryError(500, 50001, "Error while writing to the schema log: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            reader.join(TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
        synchronized (endOffsets) {
            endOffsets.close(Duration.ofSeconds(5));
        }
    }
}
