package dev.doitlive.bench.jmh;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;

import dev.doitlive.bench.api.Pattern;

/**
 * New versions of {@link PatternImpl}: the same bytes defined again by a fresh class loader, so each is a class
 * of its own, as each refresh of a refreshable bundle gives (the proxy's call site sees one more receiver class).
 */
final class Versions {
    private static final String NAME = PatternImpl.class.getName();
    private static final byte[] BYTES = read();

    private Versions() {
    }

    static Pattern newVersion() {
        ClassLoader loader = new ClassLoader(Versions.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                synchronized (getClassLoadingLock(name)) {
                    if (name.equals(NAME)) {
                        Class<?> c = findLoadedClass(name);
                        return c != null ? c : defineClass(name, BYTES, 0, BYTES.length);
                    }
                    return super.loadClass(name, resolve);
                }
            }
        };
        try {
            return (Pattern) loader.loadClass(NAME).getConstructor().newInstance();
        } catch (ClassNotFoundException | InstantiationException | IllegalAccessException | NoSuchMethodException
                | InvocationTargetException e) {
            throw new IllegalStateException("cannot define a new version of " + NAME + ": " + e, e);
        }
    }

    private static byte[] read() {
        try (InputStream in = PatternImpl.class.getResourceAsStream(PatternImpl.class.getSimpleName() + ".class")) {
            if (in == null) {
                throw new IllegalStateException(NAME + ".class not found on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
