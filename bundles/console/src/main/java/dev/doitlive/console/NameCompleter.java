package dev.doitlive.console;

import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab on an argument of a command whose bundle offers completions (the {@code live:} commands: refreshable and
 * loop names, field names) completes from what that bundle answers; anything else goes to Gogo's own completer
 * (commands, options, files).
 *
 * <p>A bundle offers completions as a {@code java.util.function.Function<List<String>, List<String>>} service with
 * {@value #SCOPE_PROPERTY} = its command scope: given the command ({@code scope:function}) and the words typed after
 * it before the one being completed, it returns the values that word may take (empty: none of its own).
 */
final class NameCompleter implements Completer {
    static final String SCOPE_PROPERTY = "doitlive.completion.scope";

    private final Completer gogo;
    private final UnaryOperator<String> resolve;
    private final Function<String, Function<List<String>, List<String>>> sources;

    /**
     * @param resolve turns a typed command ({@code state}, {@code live:state}) into {@code scope:function}
     * @param sources the completion source of a scope, or null
     */
    NameCompleter(Completer gogo, UnaryOperator<String> resolve, Function<String, Function<List<String>, List<String>>> sources) {
        this.gogo = gogo;
        this.resolve = resolve;
        this.sources = sources;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> values = values(line.words(), line.wordIndex());
        if (values.isEmpty()) {
            gogo.complete(reader, line, candidates);
            return;
        }
        values.forEach(v -> candidates.add(new Candidate(v)));
    }

    /** The values a bundle offers for word {@code index} of {@code words}; empty when none does. */
    List<String> values(List<String> words, int index) {
        if (index < 1 || words.isEmpty() || index > words.size()) {
            return List.of();
        }
        String command = resolve.apply(words.get(0));
        int colon = command == null ? -1 : command.indexOf(':');
        if (colon <= 0) {
            return List.of();
        }
        Function<List<String>, List<String>> source = sources.apply(command.substring(0, colon));
        if (source == null) {
            return List.of();
        }
        List<String> typed = new java.util.ArrayList<>(words.subList(0, index));
        typed.set(0, command);
        try {
            List<String> values = source.apply(List.copyOf(typed));
            return values == null ? List.of() : values;
        } catch (RuntimeException e) {
            return List.of(); // the runtime is restarting, say: no names to offer, no error on a Tab
        }
    }
}
