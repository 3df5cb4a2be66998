package dev.doksauth.credential;

import dev.doksauth.report.DoksAuthException;

import java.time.Duration;
import java.util.Map;

/**
 * The whole command's time budget: waiting for a lock, every API attempt and a sign-in share it.
 * It is an absolute moment, handed from the launcher's first JVM to the full JVM it runs, so that
 * a command never waits its budget twice.
 */
public final class Deadline {

    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(30);
    public static final String VARIABLE = "DOKS_AUTH_TIMEOUT";
    static final long MAX_BUDGET_SECONDS = 3600;

    private final long endNanos;
    private final long endEpochMillis;
    private final Duration budget;
    private final String setBy;

    private Deadline(long endEpochMillis, Duration budget, String setBy) {
        this.endEpochMillis = endEpochMillis;
        this.endNanos = System.nanoTime() + (endEpochMillis - System.currentTimeMillis()) * 1_000_000;
        this.budget = budget;
        this.setBy = setBy;
    }

    /** A budget starting now; {@code setBy} says, for messages, what set it (an option or variable, or null for the default). */
    public static Deadline in(Duration budget, String setBy) {
        return new Deadline(System.currentTimeMillis() + budget.toMillis(), budget, setBy);
    }

    public static Deadline in(Duration budget) {
        return in(budget, null);
    }

    /** The budget set by {@code DOKS_AUTH_TIMEOUT} (whole seconds), else 30 s, starting now. */
    public static Deadline fromEnvironment(Map<String, String> env) {
        String value = env.get(VARIABLE);
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
            throw DoksAuthException.usage(VARIABLE + " must be a whole number of seconds from 1 to " + MAX_BUDGET_SECONDS);
        }
        return in(Duration.ofSeconds(seconds), VARIABLE);
    }

    /**
     * The deadline another process of this command handed over (epoch milliseconds), with the budget
     * it was made from; null when the text is not such a moment in the next hour.
     */
    public static Deadline handedOver(String epochMillis, Deadline ownBudget) {
        try {
            long end = Long.parseLong(epochMillis);
            long now = System.currentTimeMillis();
            if (end < now - 1000 || end > now + (MAX_BUDGET_SECONDS + 1) * 1000) {
                return null;
            }
            return new Deadline(end, ownBudget.budget, ownBudget.setBy);
        } catch (NumberFormatException | NullPointerException e) {
            return null;
        }
    }

    public Duration budget() {
        return budget;
    }

    public long epochMillis() {
        return endEpochMillis;
    }

    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
    }

    public boolean passed() {
        return endNanos - System.nanoTime() <= 0;
    }

    /** "the 30 s budget (DOKS_AUTH_TIMEOUT)", for messages. */
    public String describe() {
        return "the " + budget.toSeconds() + " s budget" + (setBy == null ? " (set " + VARIABLE + " to change it)" : " of " + setBy);
    }
}
