package dev.doksauth.doctor;

import java.util.List;

/**
 * What {@code doctor} found, check by check in the order they were made.
 *
 * @param context the kubeconfig context walked, or null when none could be chosen
 */
public record Report(String context, List<Check> checks) {

    public long count(Check.Status status) {
        return checks.stream().filter(check -> check.status() == status).count();
    }

    /** 0 when nothing is a problem (warnings do not fail), else 1. */
    public int exitCode() {
        return count(Check.Status.PROBLEM) == 0 ? 0 : 1;
    }

    /** "2 problems, 1 warning, 9 ok." */
    public String summary() {
        return plural(count(Check.Status.PROBLEM), "problem") + ", " + plural(count(Check.Status.WARNING), "warning")
                + ", " + count(Check.Status.OK) + " ok.";
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
