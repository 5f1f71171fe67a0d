package dev.doitlive.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Makes a refreshable {@link Step} a loop the runtime runs on its own thread:
 *
 * <pre>
 * &#64;Component(service = Step.class)
 * &#64;Refreshable(name = "show")
 * &#64;Loop(rate = 60)
 * public class Show implements Step { public void step() { ... } }
 * </pre>
 *
 * <p>A component property type: bnd turns it into the service properties {@code doitlive.loop.name},
 * {@code doitlive.loop.rate} and {@code doitlive.loop.autostart}. A configuration with factory PID
 * {@value #FACTORY_PID} (a {@code dev.doitlive.loop-NAME.cfg} file in the watched folder) can declare a loop
 * for any refreshable {@code Step} or change a loop's rate; deleting it stops that loop.
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Loop {
    String PREFIX_ = "doitlive.loop.";

    /** Factory PID of loop configurations: properties {@code name}, {@code step} (a refreshable's name), {@code rate}. */
    String FACTORY_PID = "dev.doitlive.loop";

    /** Service property present on every loop's step. */
    String RATE_PROPERTY = "doitlive.loop.rate";

    /** The fastest rate a loop may be given, in steps per second. */
    double MAX_RATE = 10_000;

    /** The loop's name in the shell; empty: the refreshable's name. */
    String name() default "";

    /** Steps per second (fixed rate, no drift, no burst after a stall); 0: free-running, back to back. */
    double rate() default 60;

    /** Service property of a loop on the beat: its steps per beat. */
    String PER_BEAT_PROPERTY = "doitlive.loop.perBeat";

    /**
     * Steps per beat of the show's {@link dev.doitlive.api.beat.BeatClock}, on the beat (the first step of a beat
     * lands on it) and following its tempo without drift; 0: by {@link #rate()}. A loop on the beat without a
     * clock runs at 120 beats per minute.
     */
    double perBeat() default 0;

    /** Whether the loop starts as soon as its step is live; otherwise {@code live:start NAME} starts it. */
    boolean autostart() default true;
}
