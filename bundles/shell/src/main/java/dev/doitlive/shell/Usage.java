package dev.doitlive.shell;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.apache.felix.service.command.Parameter;

/**
 * A command's usage line, read from its methods the way Gogo binds them: {@code @Parameter} options and flags,
 * then the positional arguments named after the Java parameters (compiled with {@code -parameters}); a positional
 * argument only some overloads take is shown optional. {@code live:revert [--to SEQ] [--timeout MS] NAME}.
 */
final class Usage {
    private Usage() {
    }

    /** @return the usage of {@code scope:function}, or null if {@code type} has no such command */
    static String of(Class<?> type, String scope, String function) {
        List<Method> overloads = new ArrayList<>();
        for (Method m : type.getMethods()) {
            if (!Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass() == type
                    && m.getName().toLowerCase(Locale.ROOT).equals(function.toLowerCase(Locale.ROOT))) {
                overloads.add(m);
            }
        }
        if (overloads.isEmpty()) {
            return null;
        }
        int fewest = overloads.stream().mapToInt(Usage::positionals).min().orElse(0);
        Method longest = overloads.stream().max(Comparator.comparingInt(Method::getParameterCount)).orElseThrow();
        StringBuilder line = new StringBuilder(scope).append(':').append(function);
        int positional = 0;
        for (java.lang.reflect.Parameter p : longest.getParameters()) {
            Parameter option = p.getAnnotation(Parameter.class);
            String word = p.getName().toUpperCase(Locale.ROOT);
            if (option != null) {
                boolean flag = !Parameter.UNSPECIFIED.equals(option.presentValue());
                line.append(" [").append(option.names()[0]).append(flag ? "" : " " + word).append(']');
            } else if (p.isVarArgs()) {
                line.append(" [").append(singular(word)).append("...]");
            } else {
                line.append(positional++ < fewest ? " " + word : " [" + word + "]");
            }
        }
        return line.toString();
    }

    private static int positionals(Method m) {
        int n = 0;
        for (java.lang.reflect.Parameter p : m.getParameters()) {
            if (p.getAnnotation(Parameter.class) == null && !p.isVarArgs()) {
                n++;
            }
        }
        return n;
    }

    private static String singular(String word) {
        return word.endsWith("S") ? word.substring(0, word.length() - 1) : word;
    }
}
