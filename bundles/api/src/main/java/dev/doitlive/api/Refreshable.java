package dev.doitlive.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.annotation.bundle.Requirement;
import org.osgi.namespace.extender.ExtenderNamespace;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Marks a Declarative Services component as refreshable.
 *
 * <pre>
 * &#64;Component(service = Counter.class)
 * &#64;Refreshable(name = "counter")
 * public class CounterImpl implements Counter { ... }
 * </pre>
 *
 * <p>This is a DS component property type: bnd turns the elements into service properties
 * ({@code doitlive.name}, {@code doitlive.autoNone}, ...) and adds the extender requirement that makes the
 * bundle resolve only where the doitlive runtime runs. Consumers of the component's service get the
 * runtime's {@code RefreshableProxy}, never the raw instance.
 *
 * <p>The seed's {@code AUTO_NONE} is {@link #autoNone()}; {@code STATICS} and {@code DEFAULTS} are the field
 * annotations {@link Static} and {@link Default}.
 */
@ComponentPropertyType
@Requirement(namespace = ExtenderNamespace.EXTENDER_NAMESPACE, name = Refreshable.EXTENDER, version = Refreshable.EXTENDER_VERSION)
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Refreshable {
    /** Prefix of every service property this annotation sets. */
    String PREFIX_ = "doitlive.";

    /** Name of the extender capability the runtime provides. */
    String EXTENDER = "dev.doitlive.refreshable";

    /** Version of the extender capability. */
    String EXTENDER_VERSION = "1.0.0";

    /** Service property that carries the refreshable's name; present on every raw refreshable service. */
    String NAME_PROPERTY = "doitlive.name";

    /** Service property the runtime puts on the proxy it registers. */
    String PROXY_PROPERTY = "doitlive.proxy";

    /**
     * The name used in the shell ({@code live:refresh NAME}). Empty: the bundle's symbolic name.
     */
    String name() default "";

    /**
     * AUTO_NONE: a field whose old value cannot be carried into the new version (its type changed
     * incompatibly) becomes null/zero instead of failing the refresh. A {@link Default} field takes its
     * default instead, whatever this says.
     */
    boolean autoNone() default false;

    /** What a failing call does once the version is out of probation. */
    ErrorPolicy onError() default ErrorPolicy.REVERT;

    /** Calls a new version serves on probation; negative: the runtime's default. */
    int probationCalls() default -1;

    /** Milliseconds a new version stays on probation; negative: the runtime's default. */
    long probationMillis() default -1;

    /**
     * Whether the runtime saves this refreshable's state (periodically and at a clean stop) and restores it at the
     * next start. {@code false}: it starts fresh at every start. A single field opts out by being {@code transient}.
     */
    boolean saveState() default true;

    /**
     * Where its new versions land: {@link Boundary#STEP} at once; {@link Boundary#BEAT} or {@link Boundary#BAR}:
     * prepared at once, then held until the next beat or bar of the beat clock (at once when there is none).
     * {@code live:at NAME} changes it while the show runs.
     */
    Boundary at() default Boundary.STEP;
}
