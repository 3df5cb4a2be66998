package dev.doksauth.exec;

import dev.doksauth.report.DoksAuthException;
import dev.doksauth.json.Json;
import dev.doksauth.json.JsonException;
import dev.doksauth.json.JsonObject;

/**
 * What client-go tells the plugin in {@code KUBERNETES_EXEC_INFO}: the ExecCredential version it
 * expects back (it fails on any other), set on every run by kubectl 1.22 and newer.
 */
public final class ExecInfo {

    public static final String ENVIRONMENT_VARIABLE = "KUBERNETES_EXEC_INFO";

    private ExecInfo() {
    }

    /**
     * The version to answer with: the one in {@code KUBERNETES_EXEC_INFO}, else {@code --api-version},
     * else v1.
     */
    public static ExecApiVersion chooseVersion(String execInfo, String apiVersionOption) {
        if (execInfo != null && !execInfo.isBlank()) {
            return ExecApiVersion.parse(apiVersionOf(execInfo), ENVIRONMENT_VARIABLE);
        }
        if (apiVersionOption != null) {
            return ExecApiVersion.parse(apiVersionOption, "--api-version");
        }
        return ExecApiVersion.V1;
    }

    private static String apiVersionOf(String execInfo) {
        JsonObject info;
        String kind;
        String apiVersion;
        try {
            info = Json.parseObject(execInfo);
            kind = info.string("kind");
            apiVersion = info.string("apiVersion");
        } catch (JsonException e) {
            throw DoksAuthException.usage(ENVIRONMENT_VARIABLE + " is not the JSON object client-go sets ("
                    + e.getMessage() + ")");
        }
        if (!"ExecCredential".equals(kind)) {
            throw DoksAuthException.usage(ENVIRONMENT_VARIABLE + " is of kind '"
                    + ExecApiVersion.printable(String.valueOf(kind)) + "', not ExecCredential");
        }
        if (apiVersion == null) {
            throw DoksAuthException.usage(ENVIRONMENT_VARIABLE + " has no apiVersion");
        }
        return apiVersion;
    }
}
