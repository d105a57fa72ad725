package io.revertiq.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void everyDeclaredTopicIsInTheCatalogOnceWithAUniqueName() throws IllegalAccessException {
        Set<String> declared = new HashSet<>();
        for (Field field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == TopicSpec.class) {
                declared.add(((TopicSpec<?, ?>) field.get(null)).name());
            }
        }
        Set<String> listed = new HashSet<>();
        Topics.ALL.forEach(t -> assertTrue(listed.add(t.name()), "listed twice: " + t.name()));
        assertEquals(declared, listed);
    }

    @Test
    void compactedTopicsKeepEveryKeyAndReplicationIsCappedByTheCluster() {
        for (TopicSpec<?, ?> topic : Topics.ALL) {
            if (topic.cleanupPolicy().equals(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                assertEquals(TopicSpec.FOREVER, topic.retention(), topic.name());
            }
            assertEquals(1, topic.newTopic(1).replicationFactor(), topic.name());
            assertEquals(Math.min(3, topic.replication()), topic.newTopic(5).replicationFactor(), topic.name());
        }
    }
}
