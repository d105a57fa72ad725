package io.revertiq.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.revertiq.schemas.TopicProvisioner;
import io.revertiq.schemas.TopicSpec;
import io.revertiq.schemas.Topics;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The catalog is what the broker has: partitions, cleanup policy and retention, and provisioning is idempotent. */
@ExtendWith(KafkaPlatformExtension.class)
class TopicProvisionerTest {

    @Test
    void brokerTopicsMatchTheCatalogAndASecondRunCreatesNothing(TestPlatform platform) throws Exception {
        assertEquals(List.of(), TopicProvisioner.ensure(platform.bootstrapServers(), Topics.ALL));
        List<String> names = Topics.ALL.stream().map(TopicSpec::name).toList();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()))) {
            Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get();
            Map<ConfigResource, Config> configs = admin.describeConfigs(names.stream()
                    .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).collect(Collectors.toList())).all().get();
            for (TopicSpec<?, ?> topic : Topics.ALL) {
                assertEquals(topic.partitions(), described.get(topic.name()).partitions().size(), topic.name());
                Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()));
                assertEquals(topic.cleanupPolicy(), config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value(), topic.name());
                assertEquals(Long.toString(topic.retention().toMillis()),
                        config.get(TopicConfig.RETENTION_MS_CONFIG).value(), topic.name());
            }
        }
    }
}
