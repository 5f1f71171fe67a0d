package example.counter;

import org.osgi.service.component.annotations.Component;

import dev.doitlive.api.Default;
import dev.doitlive.api.Refreshable;
import dev.doitlive.api.RefreshHooks;
import example.counter.api.Counter;

/**
 * Version 2 of the example counter: copy it over src/main/java/example/counter/CounterImpl.java, rebuild and
 * drop the jar again. The count carries across; the new field {@code lastJump} starts from its @Default.
 */
@Component(service = Counter.class)
@Refreshable(name = "counter")
public class CounterImpl implements Counter, RefreshHooks {
    private long count;

    @Default
    private long step = 10;

    @Default
    private long lastJump = -1;

    @Override
    public long next() {
        lastJump = step;
        count += step;
        return count;
    }

    @Override
    public long get() {
        return count;
    }

    @Override
    public String describe() {
        return "v2: counts by " + step + " (last jump " + lastJump + "), at " + count;
    }

    @Override
    public void postRefresh() {
        System.out.println("counter v2 took over at " + count);
    }
}
