package io.revertiq.schemas.serde;

/** Confluent's TopicNameStrategy: the subject of a topic's keys or values. */
public final class SubjectNames {
    private SubjectNames() {
    }

    public static String topicName(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }
}
