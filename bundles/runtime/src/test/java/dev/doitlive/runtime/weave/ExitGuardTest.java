package dev.doitlive.runtime.weave;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The weaving that keeps a refreshable from stopping the JVM, on classes compiled here and loaded woven. */
class ExitGuardTest {
    @TempDir
    Path dir;

    private static final String SOURCE = """
            package t;
            import java.util.function.*;
            public class Quitter {
                public String mentionsExitOnly() { return "exit halt"; }
                public void exit() { System.exit(3); }
                public void runtimeExit() { Runtime.getRuntime().exit(4); }
                public void halt() { Runtime.getRuntime().halt(5); }
                public void reference() { IntConsumer quit = System::exit; quit.accept(6); }
                public void boundReference() { IntConsumer quit = Runtime.getRuntime()::halt; quit.accept(7); }
                public void lambda() { Runnable r = () -> System.exit(8); r.run(); }
            }
            """;

    /** Loads t.Quitter as the weaving hook leaves it. */
    private Class<?> woven() throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/t")).resolve("Quitter.java");
        Files.writeString(src, SOURCE);
        Path out = Files.createDirectories(dir.resolve("classes"));
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", out.toString(), src.toString()));
        byte[] bytes = Files.readAllBytes(out.resolve("t/Quitter.class"));
        byte[] rewritten = ExitGuard.rewrite(bytes);
        assertNotNull(rewritten, "the class calls System.exit: it is rewritten");
        return new ClassLoader(getClass().getClassLoader()) {
            Class<?> define() {
                return defineClass("t.Quitter", rewritten, 0, rewritten.length);
            }
        }.define();
    }

    @Test
    void everyWayToStopTheJvmThrowsInstead() throws Exception {
        Class<?> type = woven();
        Object q = type.getDeclaredConstructor().newInstance();
        for (String[] call : List.of(new String[] {"exit", "System.exit(3)"}, new String[] {"runtimeExit", "Runtime.exit(4)"},
                new String[] {"halt", "Runtime.halt(5)"}, new String[] {"reference", "System.exit(6)"},
                new String[] {"boundReference", "Runtime.halt(7)"}, new String[] {"lambda", "System.exit(8)"})) {
            InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> type.getMethod(call[0]).invoke(q), call[0]);
            assertInstanceOf(UnsupportedOperationException.class, e.getCause(), call[0]);
            assertTrue(e.getCause().getMessage().startsWith(call[1] + " refused"), e.getCause().getMessage());
        }
        assertEquals("exit halt", type.getMethod("mentionsExitOnly").invoke(q), "the rest of the class works as written");
    }

    @Test
    void aClassThatNeverNamesExitOrHaltIsNotParsed() {
        byte[] bytes = {(byte) 0xCA, (byte) 0xFE, 0, 0}; // not even a class: untouched, because no name matches
        assertNull(ExitGuard.rewrite(bytes));
    }
}
