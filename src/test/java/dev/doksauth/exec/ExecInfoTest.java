package dev.doksauth.exec;

import dev.doksauth.report.DoksAuthException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ExecInfoTest {

    private static String info(String apiVersion) {
        return "{\"kind\":\"ExecCredential\",\"apiVersion\":\"" + apiVersion + "\",\"spec\":{\"interactive\":false}}";
    }

    @Test
    void theVersionKubectlAsksForWinsOverTheOption() {
        assertEquals(ExecApiVersion.V1BETA1, ExecInfo.chooseVersion(info("client.authentication.k8s.io/v1beta1"), "v1"));
        assertEquals(ExecApiVersion.V1, ExecInfo.chooseVersion(info("client.authentication.k8s.io/v1"), "v1beta1"));
    }

    @Test
    void withoutExecInfoTheOptionThenV1() {
        assertEquals(ExecApiVersion.V1BETA1, ExecInfo.chooseVersion(null, "v1beta1"));
        assertEquals(ExecApiVersion.V1BETA1, ExecInfo.chooseVersion(" ", "client.authentication.k8s.io/v1beta1"));
        assertEquals(ExecApiVersion.V1, ExecInfo.chooseVersion(null, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[]", "{\"kind\":\"Pod\",\"apiVersion\":\"client.authentication.k8s.io/v1\"}",
        "{\"kind\":\"ExecCredential\"}", "{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1alpha1\"}"})
    void anythingElseIsAUsageError(String execInfo) {
        DoksAuthException e = assertThrows(DoksAuthException.class, () -> ExecInfo.chooseVersion(execInfo, null));
        assertEquals(DoksAuthException.USAGE, e.exitCode());
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertEquals(DoksAuthException.USAGE,
                assertThrows(DoksAuthException.class, () -> ExecInfo.chooseVersion(null, "v2")).exitCode());
    }
}
