package dev.doitlive.bench.jmh;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;

import dev.doitlive.bench.api.Pattern;
import dev.doitlive.runtime.weave.RunawayGuard;

/**
 * New versions of {@link PatternImpl}: the same bytes defined again by a fresh class loader, so each is a class
 * of its own, as each refresh of a refreshable bundle gives (the proxy's call site sees one more receiver class);
 * and a version woven as the runtime weaves a refreshable's classes.
 */
final class Versions {
    private static final String NAME = PatternImpl.class.getName();
    private static final byte[] BYTES = read();

    private Versions() {
    }

    static Pattern newVersion() {
        return define(BYTES);
    }

    /**
     * A version as the runtime loads a refreshable's class: with the check before each backward jump that lets a
     * runaway loop be stopped (the runtime's own RunawayGuard, as its weaving hook applies it).
     */
    static Pattern woven() {
        byte[] woven = RunawayGuard.rewrite(BYTES);
        if (woven == null) {
            throw new IllegalStateException(NAME + " has loops: RunawayGuard should have rewritten it");
        }
        return define(woven);
    }

    private static Pattern define(byte[] bytes) {
        ClassLoader loader = new ClassLoader(Versions.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                synchronized (getClassLoadingLock(name)) {
                    if (name.equals(NAME)) {
                        Class<?> c = findLoadedClass(name);
                        return c != null ? c : defineClass(name, bytes, 0, bytes.length);
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
