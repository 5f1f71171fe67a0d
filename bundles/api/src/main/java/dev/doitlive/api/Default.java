package dev.doitlive.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * DEFAULTS: the field's initializer (the value a freshly constructed instance has) is its default.
 *
 * <p>The default is used when the old version had no such field, when the old value cannot be carried
 * (its type changed incompatibly), and by {@code live:initdefaults}, which resets every {@code @Default}
 * field of the live instance to the value a new instance would have.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Default {
}
