package io.revertiq.testkit;

import io.revertiq.schemas.TopicSpec;
import io.revertiq.schemas.registry.SchemaRegistryClient;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** A catalog topic of a TopologyTestDriver, with the catalog's serdes against a registry. */
public final class DriverTopics {
    private DriverTopics() {
    }

    public static <K, V> TestInputTopic<K, V> input(TopologyTestDriver driver, TopicSpec<K, V> topic,
                                                    SchemaRegistryClient registry) {
        return driver.createInputTopic(topic.name(), topic.keySerde(registry).serializer(),
                topic.valueSerde(registry).serializer());
    }

    public static <K, V> TestOutputTopic<K, V> output(TopologyTestDriver driver, TopicSpec<K, V> topic,
                                                      SchemaRegistryClient registry) {
        return driver.createOutputTopic(topic.name(), topic.keySerde(registry).deserializer(),
                topic.valueSerde(registry).deserializer());
    }
}
