package io.revertiq.testkit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class a real Kafka broker with the catalog's topics and a schema-registry endpoint.
 * One platform is started per test JVM and shared by every class that uses the extension (start-up costs
 * seconds, not milliseconds); it stops when the JVM's tests are done.
 *
 * <p>{@code -Drevertiq.kafka=embedded} (default) runs the in-process KRaft broker;
 * {@code -Drevertiq.kafka=testcontainers} runs Testcontainers' Kafka module where a Docker engine exists.
 */
public final class KafkaPlatformExtension implements BeforeAllCallback, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) {
        platform(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestPlatform.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return platform(context);
    }

    private static TestPlatform platform(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(TestPlatform.class, key -> TestPlatform.start(), TestPlatform.class);
    }
}
