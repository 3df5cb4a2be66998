package dev.doksauth.token;

import dev.doksauth.report.DoksAuthException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DoctlConfigTest {

    private static final Path FILE = Path.of("config.yaml");

    @Test
    void readsWhatDoctlWrites() {
        DoctlConfig config = DoctlConfig.parse(FILE, """
                access-token: dop_v1_default
                apps:
                  dev:
                    config: ""
                auth-contexts:
                  default: dop_v1_default
                  work: "dop_v1_work"
                  'side project': 'dop_v1_it''s'
                context: work # the current one
                output: text
                """);
        assertEquals("dop_v1_default", config.accessToken());
        assertEquals("work", config.currentContext());
        assertEquals(Map.of("default", "dop_v1_default", "work", "dop_v1_work", "side project", "dop_v1_it's"),
                config.authContexts());
    }

    @Test
    void emptyAndNullValues() {
        DoctlConfig config = DoctlConfig.parse(FILE, "\uFEFF---\r\naccess-token: \r\nauth-contexts: {}\r\ncontext: ~\r\n");
        assertNull(config.accessToken());
        assertNull(config.currentContext());
        assertEquals(Map.of(), config.authContexts());
    }

    @ParameterizedTest
    @ValueSource(strings = {"just some text", "- a\n- b", "access-token: 'open", "auth-contexts: {work: x}",
        "auth-contexts:\n  work: a\n    deeper: b", "\taccess-token: x", "access-token: a b: c 'x' extra\nkey:value"})
    void whatItCannotReadForSureIsAClearError(String text) {
        DoksAuthException e = assertThrows(DoksAuthException.class, () -> DoctlConfig.parse(FILE, text));
        assertEquals(DoksAuthException.FAILURE, e.exitCode());
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("cannot read doctl's config file config.yaml"),
                e.getMessage());
    }
}
