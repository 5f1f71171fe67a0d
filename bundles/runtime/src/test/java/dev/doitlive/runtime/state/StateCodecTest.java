package dev.doitlive.runtime.state;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.doitlive.runtime.transfer.Compiled;

/**
 * Saving a state and restoring it, on real classes in class loaders of their own (as a bundle's): what is data and
 * what is not, identity and cycles, a restore into another version by field name, the depth and size bounds, the file.
 */
class StateCodecTest {
    @TempDir
    Path tmp;

    private int n;

    private Compiled version(String... nameAndSource) {
        return Compiled.of(tmp.resolve("v" + (++n)), nameAndSource);
    }

    /** Saves {@code old} (a v1 instance) and restores it into {@code fresh} (v2), as a restart would. */
    private static RootState.Restored saveAndRestore(Compiled v1, Object old, Compiled v2, Object fresh) throws Exception {
        StateCodec.Encoded e = StateThreads.call(() -> new StateCodec(v1.loader, 1 << 20).encode(RootState.entries(old, v1.model, Set.of())));
        StateCodec.Decoded d = new StateCodec(v2.loader, 1 << 20).decode(e.groups());
        return RootState.restore(d, e.notSaved(), fresh, v2.model, Set.of(), false, List.of());
    }

    private static final String GRAPH = """
            package p;
            import java.util.*;
            public class Root {
                enum Mode { CALM, WILD }
                record Color(int r, int g, int b) { }
                static class Node { int id; Node next; Node(int id) { this.id = id; } Node() { } }
                int frames;
                double phase;
                int[] pixels = new int[150];
                Mode mode = Mode.CALM;
                Color color = new Color(0, 0, 0);
                Node ring;
                List<String> names = new ArrayList<>();
                Map<Mode, Double> levels = new EnumMap<>(Mode.class);
                List<Integer> fixed = List.of();
                List<Node> all = new ArrayList<>();
                Node current;
                transient int scratch = 7;
                public void build() {
                    frames = 42; phase = 0.25; pixels[149] = 0xff00ff; mode = Mode.WILD; color = new Color(1, 2, 3);
                    Node a = new Node(1), b = new Node(2), c = new Node(3);
                    a.next = b; b.next = c; c.next = a;
                    ring = a; names.add("x"); levels.put(Mode.WILD, 0.5); fixed = List.of(1, 2, 3);
                    all.add(a); all.add(b); current = b; scratch = 99;
                }
            }
            """;

    @Test
    void aGraphComesBackWholeWithCyclesIdentityAndSharedObjects() throws Exception {
        Compiled v1 = version("p.Root", GRAPH);
        Object old = v1.create("p.Root");
        old.getClass().getDeclaredMethod("build").invoke(old);
        Compiled v2 = version("p.Root", GRAPH);
        Object fresh = v2.create("p.Root");
        RootState.Restored r = saveAndRestore(v1, old, v2, fresh);
        assertEquals(List.of(), r.notRestored());
        assertEquals(42, Compiled.get(fresh, "frames"));
        assertEquals(0.25, Compiled.get(fresh, "phase"));
        assertEquals(0xff00ff, ((int[]) Compiled.get(fresh, "pixels"))[149]);
        assertEquals("WILD", Compiled.get(fresh, "mode").toString());
        assertEquals("Color[r=1, g=2, b=3]", Compiled.get(fresh, "color").toString());
        assertEquals(List.of("x"), Compiled.get(fresh, "names"));
        assertEquals("{WILD=0.5}", Compiled.get(fresh, "levels").toString());
        assertEquals(List.of(1, 2, 3), Compiled.get(fresh, "fixed"));
        assertEquals(7, Compiled.get(fresh, "scratch"), "transient: the new instance's value");
        Object ring = Compiled.get(fresh, "ring");
        assertSame(v2.loader, ring.getClass().getClassLoader(), "objects of the restored version's classes");
        Object third = Compiled.get(Compiled.get(Compiled.get(ring, "next"), "next"), "next");
        assertSame(ring, third, "the cycle is one");
        List<?> all = (List<?>) Compiled.get(fresh, "all");
        assertSame(all.get(0), ring, "two fields that held one object hold one object");
        assertSame(all.get(1), Compiled.get(fresh, "current"));
    }

    @Test
    void aFieldThatHoldsNoDataIsLeftOutAndTheOthersAreSaved() throws Exception {
        String src = """
                package p;
                import java.util.*;
                import java.util.function.*;
                public class Root {
                    long count;
                    Runnable code = () -> { };
                    Thread worker = new Thread(() -> { });
                    List<Object> mixed = new ArrayList<>(List.of("a", (Supplier<String>) () -> "b"));
                    Object anon = new Object() { };
                    Object lock = new java.util.concurrent.locks.ReentrantLock();
                    String label = "v";
                }
                """;
        Compiled v1 = version("p.Root", src);
        Object old = v1.create("p.Root");
        Compiled.set(old, "count", 12L);
        Compiled.set(old, "label", "saved");
        StateCodec.Encoded e = StateThreads.call(() -> new StateCodec(v1.loader, 1 << 20).encode(RootState.entries(old, v1.model, Set.of())));
        assertEquals(Set.of("code", "worker", "mixed", "anon", "lock"), e.notSaved().keySet(), e.notSaved().toString());
        assertTrue(e.notSaved().get("code").contains("lambda"), e.notSaved().toString());
        assertTrue(e.notSaved().get("worker").contains("java.lang.Thread"), e.notSaved().toString());
        assertTrue(e.notSaved().get("mixed").contains("lambda"), e.notSaved().toString());
        assertTrue(e.notSaved().get("anon").contains("anonymous"), e.notSaved().toString());
        assertTrue(e.notSaved().get("lock").contains("ReentrantLock"), e.notSaved().toString());

        Compiled v2 = version("p.Root", src);
        Object fresh = v2.create("p.Root");
        Object freshWorker = Compiled.get(fresh, "worker");
        RootState.Restored r = RootState.restore(new StateCodec(v2.loader, 1 << 20).decode(e.groups()), e.notSaved(), fresh, v2.model,
                Set.of(), false, List.of());
        assertEquals(12L, Compiled.get(fresh, "count"));
        assertEquals("saved", Compiled.get(fresh, "label"));
        assertSame(freshWorker, Compiled.get(fresh, "worker"), "the new instance's own value");
        // Five fields, named by reason: the two lambdas' together.
        assertEquals(List.of("code, mixed (holds a lambda or method reference, which is not data)"), r.notRestored().stream()
                .filter(n -> n.contains("lambda")).toList(), r.notRestored().toString());
        assertEquals(4, r.notRestored().size(), r.notRestored().toString());
    }

    @Test
    void anotherVersionGetsItsFieldsByNameAndWhatIsGoneIsNamed() throws Exception {
        Compiled v1 = version("p.Root", """
                package p;
                public class Root {
                    int count;
                    Palette palette = new Palette();
                    Gone gone = new Gone();
                    String dropped = "old";
                    short narrow = 3;
                }
                """, "p.Palette", "package p; public class Palette { int a = 1; int b = 2; }", "p.Gone", "package p; public class Gone { int x = 5; }");
        Object old = v1.create("p.Root");
        Compiled.set(old, "count", 41);
        Compiled.set(Compiled.get(old, "palette"), "a", 10);
        Compiled.set(Compiled.get(old, "palette"), "b", 20);
        Compiled v2 = version("p.Root", """
                package p;
                public class Root {
                    long count;
                    Palette palette = new Palette();
                    Object gone = "new";
                    double added = 0.5;
                    byte narrow = 1;
                }
                """, "p.Palette", "package p; public class Palette { int a; int c = 3; }");
        Object fresh = v2.create("p.Root");
        RootState.Restored r = saveAndRestore(v1, old, v2, fresh);
        assertEquals(41L, Compiled.get(fresh, "count"), "widened");
        Object palette = Compiled.get(fresh, "palette");
        assertEquals(10, Compiled.get(palette, "a"), "by field name");
        assertEquals(3, Compiled.get(palette, "c"), "a new field keeps its initializer");
        assertEquals("new", Compiled.get(fresh, "gone"), "a class gone: the new instance's value");
        assertEquals(0.5, Compiled.get(fresh, "added"));
        assertEquals((byte) 1, Compiled.get(fresh, "narrow"), "narrowing refused");
        String text = String.join(", ", r.notRestored());
        assertTrue(text.contains("gone (class p.Gone is not in this version)"), text);
        assertTrue(text.contains("narrow (saved a java.lang.Short, the field is a byte)"), text);
        assertTrue(String.join("; ", r.notes()).contains("dropped"), r.notes().toString());
    }

    @Test
    void migrateSeesSavedFieldsTheVersionRenamedOrRetyped() throws Exception {
        Compiled v1 = version("p.Root", "package p; public class Root { long count; int level; String name = \"a\"; }");
        Object old = v1.create("p.Root");
        Compiled.set(old, "count", 41L);
        Compiled.set(old, "level", 7);
        Compiled v2 = version("p.Root", """
                package p;
                import dev.doitlive.api.*;
                public class Root implements RefreshHooks {
                    long total;
                    String level = "low";
                    String name;
                    boolean posted;
                    public void migrate(OldState old) {
                        total = old.get("count", Long.class, 0L);
                        level = "level " + old.get("level");
                    }
                    public void postRefresh() { posted = true; }
                }
                """);
        Object fresh = v2.create("p.Root");
        RootState.Restored r = saveAndRestore(v1, old, v2, fresh);
        assertEquals(41L, Compiled.get(fresh, "total"), "renamed, carried by migrate()");
        assertEquals("level 7", Compiled.get(fresh, "level"), "retyped, converted by migrate()");
        assertEquals("a", Compiled.get(fresh, "name"));
        assertEquals(true, Compiled.get(fresh, "posted"), "postRefresh runs after a restore as after a refresh");
        assertEquals(3, r.fields());
        assertEquals(List.of(), r.notRestored());
        assertEquals(List.of(), r.notes());
    }

    @Test
    void staticFieldsAreStateOnlyWhenMarkedStatic() throws Exception {
        String src = """
                package p;
                public class Root {
                    @dev.doitlive.api.Static static int hits;
                    static int plain;
                    int count;
                }
                """;
        Compiled v1 = version("p.Root", src);
        Object old = v1.create("p.Root");
        Compiled.set(old, "hits", 5);
        Compiled.set(old, "plain", 9);
        Compiled.set(old, "count", 2);
        Compiled v2 = version("p.Root", src);
        Object fresh = v2.create("p.Root");
        RootState.Restored r = saveAndRestore(v1, old, v2, fresh);
        assertEquals(5, Compiled.get(fresh, "hits"), "@Static: kept, as across a refresh");
        assertEquals(0, Compiled.get(fresh, "plain"), "other statics come from the new class");
        assertEquals(2, Compiled.get(fresh, "count"));
        assertEquals(2, r.fields());
    }

    @Test
    void deepGraphsUpToTheBoundAreSavedDeeperOnesAreNamed() throws Exception {
        Compiled v = version("p.Root", """
                package p;
                public class Root {
                    static class Node { Node next; }
                    Node head;
                    int other = 5;
                    public void chain(int n) { Node h = null; for (int i = 0; i < n; i++) { Node x = new Node(); x.next = h; h = x; } head = h; }
                }
                """);
        Object root = v.create("p.Root");
        root.getClass().getDeclaredMethod("chain", int.class).invoke(root, StateKryo.MAX_DEPTH - 10);
        StateCodec.Encoded ok = StateThreads.call(() -> new StateCodec(v.loader, 64 << 20).encode(RootState.entries(root, v.model, Set.of())));
        assertEquals(Map.of(), ok.notSaved());
        Object back = v.create("p.Root");
        RootState.restore(new StateCodec(v.loader, 64 << 20).decode(ok.groups()), ok.notSaved(), back, v.model, Set.of(), false, List.of());
        int length = 0;
        for (Object x = Compiled.get(back, "head"); x != null; x = Compiled.get(x, "next")) {
            length++;
        }
        assertEquals(StateKryo.MAX_DEPTH - 10, length);

        root.getClass().getDeclaredMethod("chain", int.class).invoke(root, StateKryo.MAX_DEPTH * 2);
        StateCodec.Encoded deep = StateThreads.call(() -> new StateCodec(v.loader, 64 << 20).encode(RootState.entries(root, v.model, Set.of())));
        assertTrue(deep.notSaved().get("head").contains("nested deeper than"), deep.notSaved().toString());
        assertEquals(1, deep.groups().size(), "the other field is saved");
    }

    @Test
    void aStateLargerThanTheBoundIsRefused() throws Exception {
        Compiled v = version("p.Root", "package p; public class Root { byte[] big = new byte[100_000]; }");
        Object root = v.create("p.Root");
        assertThrows(StateCodec.TooLarge.class, () -> new StateCodec(v.loader, 50_000).encode(RootState.entries(root, v.model, Set.of())));
    }

    @Test
    void theFileReadsBackAndRefusesDamage() throws Exception {
        Path file = tmp.resolve("state");
        StateFile.Saved s = new StateFile.Saved(3, "abc", 1234, Map.of("worker", "holds a java.lang.Thread"),
                List.of(new StateFile.Group(List.of("count", "list"), new byte[] {1, 2, 3})));
        StateFile.write(file, s);
        StateFile.Saved back = StateFile.read(file, 1 << 20);
        assertEquals(3, back.seq());
        assertEquals("abc", back.checksum());
        assertEquals(Map.of("worker", "holds a java.lang.Thread"), back.notSaved());
        assertEquals(List.of("count", "list"), back.groups().get(0).keys());
        assertArrayEquals(new byte[] {1, 2, 3}, back.groups().get(0).bytes());
        assertFalse(Files.exists(tmp.resolve("state.tmp")));

        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        IOException damaged = assertThrows(IOException.class, () -> StateFile.read(file, 1 << 20));
        assertTrue(damaged.getMessage().contains("checksum"), damaged.getMessage());
        Files.writeString(file, "hello");
        IOException other = assertThrows(IOException.class, () -> StateFile.read(file, 1 << 20));
        assertTrue(other.getMessage().contains("not a doitlive state file"), other.getMessage());
        assertNull(StateFile.read(tmp.resolve("none"), 1 << 20));
    }
}
