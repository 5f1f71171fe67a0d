package dev.doitlive.runtime;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;

/** Turns throwables into the one-line causes the runtime prints. */
final class Failures {
    private Failures() {
    }

    /** The innermost cause worth naming: unwraps reflection and initializer wrappers. */
    static Throwable root(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c
                && (c instanceof InvocationTargetException || c instanceof ExceptionInInitializerError
                        || c.getClass().getName().startsWith("org.osgi.service.component") || c.getMessage() == null
                        || c.getClass() == RuntimeException.class)) {
            c = c.getCause();
        }
        return c;
    }

    /** {@code SimpleName: message}. */
    static String describe(Throwable t) {
        String name = t.getClass().getSimpleName();
        return t.getMessage() == null ? name : name + ": " + t.getMessage().lines().findFirst().orElse("");
    }

    static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
