package dev.doksauth.testing;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test that only root can run (files given to another user, a process run as nobody, a mount). For a
 * developer who is not root it is skipped, saying why; CI runs as root, where .ci/check-skipped lets no
 * test be skipped.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RootCondition.class)
public @interface RequiresRoot {

    /** What it does that needs root, for the skip message. */
    String value();
}
