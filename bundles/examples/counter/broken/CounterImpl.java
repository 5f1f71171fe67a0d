package example.counter;

import org.osgi.service.component.annotations.Component;

import dev.doitlive.api.Refreshable;
import example.counter.api.Counter;

/**
 * A broken version of the example counter: it builds and starts, but next() throws. Drop it while something
 * calls the counter: the first failing call, on probation, reverts the counter to the previous version and
 * is answered there.
 */
@Component(service = Counter.class)
@Refreshable(name = "counter")
public class CounterImpl implements Counter {
    private long count;

    @Override
    public long next() {
        throw new IllegalStateException("this version is broken on purpose");
    }

    @Override
    public long get() {
        return count;
    }

    @Override
    public String describe() {
        return "broken: at " + count;
    }
}
