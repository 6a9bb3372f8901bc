package org.dlnotes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JUnit default timeout (src/test/resources/junit-platform.properties) reaches the test engine. */
class TestTimeoutTest {

    private static final AtomicReference<String> DEFAULT_TIMEOUT = new AtomicReference<>();

    @RegisterExtension
    static final BeforeEachCallback READ_CONFIGURATION = context -> DEFAULT_TIMEOUT.set(
            context.getConfigurationParameter("junit.jupiter.execution.timeout.default").orElse("not set"));

    @Test
    void everyTestHasADefaultTimeoutOfTenMinutes() {
        assertEquals("10 m", DEFAULT_TIMEOUT.get());
    }
}
