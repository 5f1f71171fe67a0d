package dev.doitlive.shell;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import dev.doitlive.api.LiveRuntime;
import dev.doitlive.api.LoopDTO;
import dev.doitlive.api.RefreshableDTO;

/**
 * What Tab offers for an argument of a {@code live:} command, read from the command's method as Gogo binds it: a
 * parameter named {@code name} takes a refreshable's name, {@code loop} a loop's, {@code field} a field of the
 * refreshable named before it. Given the command ({@code live:state}) and the words typed after it before the one
 * being completed; the console's completer asks this (a service in scope {@code live}; immediate enough: a
 * delayed component is kept while the console holds it).
 */
@Component(service = Function.class, property = "doitlive.completion.scope=live")
public class Completions implements Function<List<String>, List<String>> {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile LiveRuntime live;

    private final Supplier<LiveRuntime> runtime;

    /** For Declarative Services. */
    public Completions() {
        runtime = () -> live;
    }

    /** For tests. */
    Completions(Supplier<LiveRuntime> runtime) {
        this.runtime = runtime;
    }

    @Override
    public List<String> apply(List<String> words) {
        LiveRuntime live = runtime.get();
        if (live == null || words.isEmpty() || !words.get(0).startsWith("live:")) {
            return List.of();
        }
        String function = words.get(0).substring("live:".length()).toLowerCase(Locale.ROOT);
        List<String> typed = words.subList(1, words.size());
        for (Method m : LiveCommands.class.getMethods()) {
            if (m.getDeclaringClass() != LiveCommands.class || !m.getName().toLowerCase(Locale.ROOT).equals(function)) {
                continue;
            }
            List<String> positional = positionalsTyped(m, typed);
            if (positional == null) {
                return List.of(); // an option's value is being typed
            }
            String kind = kind(m, positional.size());
            if (kind != null) {
                return values(live, kind, positional);
            }
        }
        return List.of();
    }

    /** The positional words among {@code typed}, or null if the next word is an option's value. */
    private static List<String> positionalsTyped(Method m, List<String> typed) {
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < typed.size(); i++) {
            Parameter option = option(m, typed.get(i));
            if (option == null) {
                positional.add(typed.get(i));
            } else if (Parameter.UNSPECIFIED.equals(option.presentValue()) && ++i >= typed.size()) {
                return null;
            }
        }
        return positional;
    }

    private static Parameter option(Method m, String word) {
        for (java.lang.reflect.Parameter p : m.getParameters()) {
            Parameter option = p.getAnnotation(Parameter.class);
            if (option != null && List.of(option.names()).contains(word)) {
                return option;
            }
        }
        return null;
    }

    /** The name of positional parameter {@code index} of {@code m}, if it is one this completes. */
    private static String kind(Method m, int index) {
        int at = 0;
        for (java.lang.reflect.Parameter p : m.getParameters()) {
            if (p.getAnnotation(Parameter.class) != null || p.isVarArgs()) {
                continue;
            }
            if (at++ == index) {
                return switch (p.getName()) {
                    case "name", "loop", "field" -> p.getName();
                    default -> null;
                };
            }
        }
        return null;
    }

    private static List<String> values(LiveRuntime live, String kind, List<String> positional) {
        return switch (kind) {
            case "name" -> live.list().stream().map((RefreshableDTO r) -> r.name).sorted().toList();
            case "loop" -> live.loops().stream().map((LoopDTO l) -> l.name).sorted().toList();
            default -> positional.isEmpty() ? List.of() : fields(live, positional.get(0));
        };
    }

    private static List<String> fields(LiveRuntime live, String name) {
        try {
            return List.copyOf(live.state(name).keySet());
        } catch (IllegalArgumentException e) {
            return List.of(); // no refreshable of that name: nothing to offer
        }
    }
}
