package dev.doksauth.credential;

import dev.doksauth.report.DoksAuthException;

import java.time.Duration;
import java.util.Map;

/** The whole command's time budget (30 s, or DOKS_AUTH_TIMEOUT): waiting for a lock and every API attempt share it. */
public final class Deadline {

    private final long endNanos;
    private final Duration budget;

    private Deadline(Duration budget) {
        this.budget = budget;
        this.endNanos = System.nanoTime() + budget.toNanos();
    }

    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(30);
    static final long MAX_BUDGET_SECONDS = 3600;

    public static Deadline in(Duration budget) {
        return new Deadline(budget);
    }

    /** Starts the budget set by {@code DOKS_AUTH_TIMEOUT} (whole seconds), else 30 s. */
    public static Deadline fromEnvironment(Map<String, String> env) {
        String value = env.get("DOKS_AUTH_TIMEOUT");
        if (value == null || value.isBlank()) {
            return in(DEFAULT_BUDGET);
        }
        long seconds;
        try {
            seconds = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (seconds < 1 || seconds > MAX_BUDGET_SECONDS) {
            throw DoksAuthException.usage("DOKS_AUTH_TIMEOUT must be a whole number of seconds from 1 to " + MAX_BUDGET_SECONDS);
        }
        return in(Duration.ofSeconds(seconds));
    }

    public Duration budget() {
        return budget;
    }

    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
    }

    public boolean passed() {
        return endNanos - System.nanoTime() <= 0;
    }
}
