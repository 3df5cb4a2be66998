package dev.doksauth.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs {@link RequiresRoot} tests only as root. */
public final class RootCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return AnnotationSupport.findAnnotation(context.getElement(), RequiresRoot.class)
                .map(root -> isRoot() ? ConditionEvaluationResult.enabled("running as root")
                        : ConditionEvaluationResult.disabled(skipMessage(root.value())))
                .orElse(ConditionEvaluationResult.enabled("needs no root"));
    }

    public static String skipMessage(String why) {
        return "needs root (" + why + "); run the tests as root, as CI does, to include it";
    }

    /** The effective user ID is 0, as /proc/self/status says (Linux, where the tests run). */
    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
