package example.counter;

import org.osgi.service.component.annotations.Component;

import dev.doitlive.api.Default;
import dev.doitlive.api.Refreshable;
import example.counter.api.Counter;

/**
 * Version 1 of the example counter. Change {@link #next()} (see v2/ and broken/ beside this project),
 * rebuild, drop the jar into load/ again: the count goes on where it was.
 */
@Component(service = Counter.class)
@Refreshable(name = "counter")
public class CounterImpl implements Counter {
    private long count;

    @Default
    private long step = 1;

    @Override
    public long next() {
        count += step;
        return count;
    }

    @Override
    public long get() {
        return count;
    }

    @Override
    public String describe() {
        return "v1: counts by " + step + ", at " + count;
    }
}
