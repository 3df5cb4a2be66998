package dev.doksauth.core;

import java.util.function.LongSupplier;

/** The wall clock in epoch milliseconds; a class, not a lambda: bootstrapping a lambda costs JDK 17 milliseconds. */
public enum SystemClock implements LongSupplier {
    INSTANCE;

    @Override
    public long getAsLong() {
        return System.currentTimeMillis();
    }
}
