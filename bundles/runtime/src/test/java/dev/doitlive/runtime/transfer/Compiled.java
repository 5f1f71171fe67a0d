package dev.doitlive.runtime.transfer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** One "version": sources compiled into their own folder and loaded by their own class loader, as a bundle's would be. */
public final class Compiled {
    public final URLClassLoader loader;
    public final ClassModel model;

    private Compiled(URLClassLoader loader) {
        this.loader = loader;
        this.model = new ClassModel(loader);
    }

    /** The classes {@code nameAndSource} names (class name, source, class name, source...), compiled into {@code dir}. */
    public static Compiled of(Path dir, String... nameAndSource) {
        Map<String, String> sources = new java.util.LinkedHashMap<>();
        for (int i = 0; i < nameAndSource.length; i += 2) {
            sources.put(nameAndSource[i], nameAndSource[i + 1]);
        }
        return of(dir, sources);
    }

    public static Compiled of(Path dir, Map<String, String> sources) {
        try {
            Path src = Files.createDirectories(dir.resolve("src"));
            Path out = Files.createDirectories(dir.resolve("classes"));
            List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-cp", System.getProperty("java.class.path"), "-nowarn"));
            for (Map.Entry<String, String> e : sources.entrySet()) {
                Path f = src.resolve(e.getKey().replace('.', '/') + ".java");
                Files.createDirectories(f.getParent());
                Files.writeString(f, e.getValue());
                args.add(f.toString());
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            if (javac.run(null, null, System.err, args.toArray(String[]::new)) != 0) {
                throw new IllegalArgumentException("compile failed");
            }
            URLClassLoader l = new URLClassLoader(new URL[] {out.toUri().toURL()}, Compiled.class.getClassLoader());
            Compiled c = new Compiled(l);
            List<String> names = new ArrayList<>();
            try (var walk = Files.walk(out)) {
                walk.filter(p -> p.toString().endsWith(".class")).forEach(p -> {
                    String rel = out.relativize(p).toString();
                    names.add(rel.substring(0, rel.length() - 6).replace('/', '.'));
                });
            }
            c.model.preload(names);
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Object create(String className) throws Exception {
        var c = loader.loadClass(className).getDeclaredConstructor();
        c.setAccessible(true);
        return c.newInstance();
    }

    public static Object get(Object o, String field) throws Exception {
        var f = find(o.getClass(), field);
        return f.get(o);
    }

    public static void set(Object o, String field, Object value) throws Exception {
        find(o.getClass(), field).set(o, value);
    }

    private static java.lang.reflect.Field find(Class<?> c, String field) throws NoSuchFieldException {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            try {
                var f = k.getDeclaredField(field);
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException e) {
                // superclass next
            }
        }
        throw new NoSuchFieldException(field);
    }
}
