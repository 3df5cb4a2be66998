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
        assertEquals(ExecApiVersion.V1BETA1, ExecInfo.read(info("client.authentication.k8s.io/v1beta1"), "v1").version());
        assertEquals(ExecApiVersion.V1, ExecInfo.read(info("client.authentication.k8s.io/v1"), "v1beta1").version());
    }

    @Test
    void withoutExecInfoTheOptionThenV1() {
        assertEquals(ExecApiVersion.V1BETA1, ExecInfo.read(null, "v1beta1").version());
        assertEquals(ExecApiVersion.V1BETA1, ExecInfo.read(" ", "client.authentication.k8s.io/v1beta1").version());
        assertEquals(ExecApiVersion.V1, ExecInfo.read(null, null).version());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[]", "{\"kind\":\"Pod\",\"apiVersion\":\"client.authentication.k8s.io/v1\"}",
        "{\"kind\":\"ExecCredential\"}", "{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1alpha1\"}"})
    void anythingElseIsAUsageError(String execInfo) {
        DoksAuthException e = assertThrows(DoksAuthException.class, () -> ExecInfo.read(execInfo, null).version());
        assertEquals(DoksAuthException.USAGE, e.exitCode());
    }

    @Test
    void theClusterWhenClientGoPassesIt() {
        ExecInfo info = ExecInfo.read("{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1\","
                + "\"spec\":{\"interactive\":false,\"cluster\":{\"server\":\"https://1.2.3.4\",\"certificate-authority-data\":\"Zm9v\","
                + "\"insecure-skip-tls-verify\":true}}}", null);
        assertEquals(new ExecInfo.Cluster("https://1.2.3.4", "Zm9v", null, true), info.cluster());
        assertEquals(null, ExecInfo.read(info("client.authentication.k8s.io/v1"), null).cluster());
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertEquals(DoksAuthException.USAGE,
                assertThrows(DoksAuthException.class, () -> ExecInfo.read(null, "v2")).exitCode());
    }
}
