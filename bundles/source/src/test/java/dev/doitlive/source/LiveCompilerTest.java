package dev.doitlive.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a source that does not compile is told: each error once, in the file's order. */
class LiveCompilerTest {
    private static LiveCompiler javac;

    @BeforeAll
    static void open() {
        javac = new LiveCompiler(List.of(), Set.of());
    }

    @AfterAll
    static void close() throws IOException {
        javac.close();
    }

    @Test
    void errorsAreListedInTheFilesOrderNotJavacsPhases() {
        String text = """
                package live;

                public class Broken {
                    void a() {
                        int x = "not a number";
                    }

                    void b(Nowhere n) {
                    }
                }
                """;
        SourceProblem p = assertThrows(SourceProblem.class,
                () -> javac.compile(SourceFile.of(Path.of("/nowhere/live/Broken.java"), text), Map.of()));
        List<String> details = p.details();
        assertEquals(2, details.size(), details::toString);
        assertTrue(details.get(0).startsWith("Broken.java:5:"), details::toString);
        assertTrue(details.get(1).startsWith("Broken.java:8:"), details::toString);
    }
}
