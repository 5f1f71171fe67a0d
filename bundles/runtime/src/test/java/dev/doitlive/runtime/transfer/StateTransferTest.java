package dev.doitlive.runtime.transfer;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.doitlive.api.TransferStrategy;

/** The transfer rules, on two real versions of the same classes in two class loaders. */
class StateTransferTest {
    @TempDir
    Path tmp;

    private int n;

    private Compiled version(String... nameAndSource) {
        return Compiled.of(tmp.resolve("v" + (++n)), nameAndSource);
    }

    private static StateTransfer.Result carry(Compiled v1, Object old, Compiled v2, Object fresh, boolean autoNone) throws Exception {
        return StateTransfer.transfer(old, v1.model, fresh, v2.model, Set.of(), autoNone, List.of());
    }

    @Test
    void carriesFieldsByNameWithWideningAndBoxing() throws Exception {
        Compiled v1 = version("p.C", "package p; public class C { int count = 0; int boxed; Integer unboxed; float f; String s; }");
        Compiled v2 = version("p.C", "package p; public class C { long count; Integer boxed; long unboxed; double f; String s; }");
        Object old = v1.create("p.C");
        Compiled.set(old, "count", 41);
        Compiled.set(old, "boxed", 7);
        Compiled.set(old, "unboxed", 9);
        Compiled.set(old, "f", 1.5f);
        Compiled.set(old, "s", "hi");
        Object fresh = v2.create("p.C");
        carry(v1, old, v2, fresh, false);
        assertEquals(41L, Compiled.get(fresh, "count"));
        assertEquals(7, Compiled.get(fresh, "boxed"));
        assertEquals(9L, Compiled.get(fresh, "unboxed"));
        assertEquals(1.5d, Compiled.get(fresh, "f"));
        assertEquals("hi", Compiled.get(fresh, "s"));
    }

    @Test
    void incompatibleTypeFailsNamingFieldAndBothTypes() throws Exception {
        Compiled v1 = version("p.C", "package p; public class C { long count = 5; }");
        Compiled v2 = version("p.C", "package p; public class C { String count = \"x\"; }");
        TransferException e = assertThrows(TransferException.class,
                () -> carry(v1, v1.create("p.C"), v2, v2.create("p.C"), false));
        assertTrue(e.getMessage().contains("'count'"), e.getMessage());
        assertTrue(e.getMessage().contains("long") && e.getMessage().contains("java.lang.String"), e.getMessage());
        assertTrue(e.getMessage().contains("autoNone"), e.getMessage());
    }

    @Test
    void narrowingIsRefused() throws Exception {
        Compiled v1 = version("p.C", "package p; public class C { long count = 5; }");
        Compiled v2 = version("p.C", "package p; public class C { int count; }");
        assertThrows(TransferException.class, () -> carry(v1, v1.create("p.C"), v2, v2.create("p.C"), false));
    }

    @Test
    void autoNoneMakesAnUncarriableFieldNull() throws Exception {
        Compiled v1 = version("p.C", "package p; public class C { long count = 5; long other = 3; }");
        Compiled v2 = version("p.C", "package p; public class C { String count = \"init\"; long other; }");
        Object fresh = v2.create("p.C");
        StateTransfer.Result r = carry(v1, v1.create("p.C"), v2, fresh, true);
        assertNull(Compiled.get(fresh, "count"));
        assertEquals(3L, Compiled.get(fresh, "other"));
        assertTrue(r.notes.stream().anyMatch(s -> s.contains("AUTO_NONE")), r.notes.toString());
    }

    @Test
    void defaultFillsNewFieldsAndUncarriableOnes() throws Exception {
        Compiled v1 = version("p.C", "package p; public class C { long count = 5; }");
        Compiled v2 = version("p.C", "package p; import dev.doitlive.api.Default;"
                + " public class C { @Default String count = \"fresh\"; @Default double speed = 2.5; }");
        Object fresh = v2.create("p.C");
        carry(v1, v1.create("p.C"), v2, fresh, false);
        assertEquals("fresh", Compiled.get(fresh, "count"));
        assertEquals(2.5, Compiled.get(fresh, "speed"));
    }

    @Test
    void newFieldKeepsItsInitializerAndTransientIsNotCarried() throws Exception {
        Compiled v1 = version("p.C", "package p; public class C { int a = 1; transient int cache = 1; }");
        Compiled v2 = version("p.C", "package p; public class C { int a; int added = 42; transient int cache = 7; }");
        Object old = v1.create("p.C");
        Compiled.set(old, "a", 10);
        Compiled.set(old, "cache", 99);
        Object fresh = v2.create("p.C");
        carry(v1, old, v2, fresh, false);
        assertEquals(10, Compiled.get(fresh, "a"));
        assertEquals(42, Compiled.get(fresh, "added"));
        assertEquals(7, Compiled.get(fresh, "cache"));
    }

    @Test
    void fieldsThroughTheHierarchyInsideTheBundle() throws Exception {
        String base = "package p; public abstract class Base { protected int baseCount; }";
        Compiled v1 = version("p.Base", base, "p.C", "package p; public class C extends Base { int own; }");
        Compiled v2 = version("p.Base", base, "p.C", "package p; public class C extends Base { int own; }");
        Object old = v1.create("p.C");
        Compiled.set(old, "baseCount", 3);
        Compiled.set(old, "own", 4);
        Object fresh = v2.create("p.C");
        carry(v1, old, v2, fresh, false);
        assertEquals(3, Compiled.get(fresh, "baseCount"));
        assertEquals(4, Compiled.get(fresh, "own"));
    }

    @Test
    void skippedFieldsKeepTheNewInstancesValue() throws Exception {
        Compiled v1 = version("p.C", "package p; public class C { Object service = \"old binding\"; int n = 3; }");
        Compiled v2 = version("p.C", "package p; public class C { Object service = \"new binding\"; int n; }");
        Object fresh = v2.create("p.C");
        StateTransfer.transfer(v1.create("p.C"), v1.model, fresh, v2.model, Set.of("service"), false, List.of());
        assertEquals("new binding", Compiled.get(fresh, "service"));
        assertEquals(3, Compiled.get(fresh, "n"));
    }

    private static final String NODE_V1 = "package p; public class Node { public int value; public Node next; public Node(int v) { value = v; } }";
    private static final String NODE_V2 = "package p; public class Node { public long value; public Node next; public String tag = \"v2\";"
            + " public Node() {} public Node(long v) { value = v; } }";

    @Test
    void ownObjectsAreMigratedWithIdentityAndCycles() throws Exception {
        String holder1 = "package p; import java.util.*; public class H { Node a, b; Node[] arr; List<Node> list = new ArrayList<>();"
                + " Map<String, Node> map = new HashMap<>(); List<String> plain = new ArrayList<>(List.of(\"x\"));"
                + " public void fill() { a = new Node(1); b = new Node(2); a.next = b; b.next = a; arr = new Node[] {a, b};"
                + " list.add(b); map.put(\"a\", a); } }";
        String holder2 = "package p; import java.util.*; public class H { Node a, b; Node[] arr; List<Node> list; Map<String, Node> map;"
                + " List<String> plain; }";
        Compiled v1 = version("p.Node", NODE_V1, "p.H", holder1);
        Compiled v2 = version("p.Node", NODE_V2, "p.H", holder2);
        Object old = v1.create("p.H");
        old.getClass().getMethod("fill").invoke(old);
        Object fresh = v2.create("p.H");
        StateTransfer.Result r = carry(v1, old, v2, fresh, false);

        Object a = Compiled.get(fresh, "a");
        Object b = Compiled.get(fresh, "b");
        Class<?> node2 = v2.loader.loadClass("p.Node");
        assertSame(node2, a.getClass(), "migrated to the new class");
        assertEquals(1L, Compiled.get(a, "value"));
        assertEquals("v2", Compiled.get(a, "tag"), "new field of a nested object takes its initializer");
        assertSame(b, Compiled.get(a, "next"));
        assertSame(a, Compiled.get(b, "next"), "cycle kept");
        Object[] arr = (Object[]) Compiled.get(fresh, "arr");
        assertSame(node2, arr.getClass().getComponentType());
        assertSame(a, arr[0]);
        assertSame(b, arr[1]);
        assertSame(b, ((List<?>) Compiled.get(fresh, "list")).get(0));
        assertSame(a, ((Map<?, ?>) Compiled.get(fresh, "map")).get("a"));
        assertSame(Compiled.get(old, "plain"), Compiled.get(fresh, "plain"), "a collection without own objects is shared");
        assertEquals(2, r.objects);
    }

    @Test
    void aLargeArrayOfOwnObjectsKeepsEveryIdentity() throws Exception {
        // Large enough for the identity map to be sized ahead for the array's elements.
        String holder1 = "package p; public class H { Node[] all; Node first; public void fill(int n) { all = new Node[n];"
                + " for (int i = 0; i < n; i++) { all[i] = new Node(i); } for (int i = 0; i < n; i++) { all[i].next = all[(i + 1) % n]; }"
                + " first = all[0]; } }";
        String holder2 = "package p; public class H { Node[] all; Node first; }";
        Compiled v1 = version("p.Node", NODE_V1, "p.H", holder1);
        Compiled v2 = version("p.Node", NODE_V2, "p.H", holder2);
        Object old = v1.create("p.H");
        old.getClass().getMethod("fill", int.class).invoke(old, 5000);
        Object fresh = v2.create("p.H");
        StateTransfer.Result r = carry(v1, old, v2, fresh, false);
        Object[] all = (Object[]) Compiled.get(fresh, "all");
        assertEquals(5000, r.objects, "each node migrated once");
        assertSame(all[0], Compiled.get(fresh, "first"));
        for (int i = 0; i < all.length; i++) {
            assertEquals((long) i, Compiled.get(all[i], "value"));
            assertSame(all[(i + 1) % all.length], Compiled.get(all[i], "next"), "cycle kept at " + i);
        }
    }

    @Test
    void anArrayMixingNewObjectsWithNullsRepeatsSubclassesAndNestedArraysFillsEachOnce() throws Exception {
        // Elements made new wait in runs; a null, an element met before, a repeat or a nested array ends a run.
        String holder1 = "package p; public class H { Node before; Node[] all; Node[][] grid; public void fill() { before = new Node(100);"
                + " Node a = new Node(1), b = new Node(2), c = new Sub(3, \"s\"), d = new Node(4);"
                + " a.next = b; b.next = c; c.next = d; d.next = before; before.next = a;"
                + " all = new Node[] {null, a, before, b, null, b, c, d, null};"
                + " grid = new Node[][] {{new Node(5), a}, null, {d, new Node(6)}}; } }";
        String holder2 = "package p; public class H { Node before; Node[] all; Node[][] grid; }";
        Compiled v1 = version("p.Node", NODE_V1, "p.Sub",
                "package p; public class Sub extends Node { public String s; public Sub(int v, String s) { super(v); this.s = s; } }", "p.H", holder1);
        Compiled v2 = version("p.Node", NODE_V2, "p.Sub", "package p; public class Sub extends Node { public String s; public int extra = 7; }",
                "p.H", holder2);
        Object old = v1.create("p.H");
        old.getClass().getMethod("fill").invoke(old);
        Object fresh = v2.create("p.H");
        StateTransfer.Result r = carry(v1, old, v2, fresh, false);

        assertEquals(7, r.objects, "each node migrated once");
        Object[] all = (Object[]) Compiled.get(fresh, "all");
        Object before = Compiled.get(fresh, "before");
        assertNull(all[0]);
        assertNull(all[4]);
        assertNull(all[8]);
        assertSame(before, all[2], "met before the array");
        assertSame(all[3], all[5], "the same element twice");
        assertEquals(List.of(1L, 100L, 2L, 2L, 3L, 4L), java.util.stream.Stream.of(all[1], all[2], all[3], all[5], all[6], all[7])
                .map(x -> uncheckedGet(x, "value")).toList());
        assertSame(all[3], Compiled.get(all[1], "next"));
        assertSame(all[6], Compiled.get(all[3], "next"));
        assertSame(all[7], Compiled.get(all[6], "next"));
        assertSame(before, Compiled.get(all[7], "next"));
        assertSame(all[1], Compiled.get(before, "next"), "cycle kept");
        assertSame(v2.loader.loadClass("p.Sub"), all[6].getClass());
        assertEquals("s", Compiled.get(all[6], "s"));
        assertEquals(7, Compiled.get(all[6], "extra"), "a new field of the subclass keeps its initializer");
        Object[][] grid = (Object[][]) Compiled.get(fresh, "grid");
        assertNull(grid[1]);
        assertSame(all[1], grid[0][1]);
        assertSame(all[7], grid[2][0]);
        assertEquals(5L, Compiled.get(grid[0][0], "value"));
        assertEquals("v2", Compiled.get(grid[0][0], "tag"));
        assertEquals(6L, Compiled.get(grid[2][1], "value"));
    }

    private static Object uncheckedGet(Object o, String field) {
        try {
            return Compiled.get(o, field);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aLongLinkedListNeedsNoDeepRecursion() throws Exception {
        String holder1 = "package p; public class H { Node head; public void fill(int n) { for (int i = 0; i < n; i++) { Node x = new Node(i);"
                + " x.next = head; head = x; } } }";
        String holder2 = "package p; public class H { Node head; }";
        Compiled v1 = version("p.Node", NODE_V1, "p.H", holder1);
        Compiled v2 = version("p.Node", NODE_V2, "p.H", holder2);
        Object old = v1.create("p.H");
        old.getClass().getMethod("fill", int.class).invoke(old, 200_000);
        Object fresh = v2.create("p.H");
        carry(v1, old, v2, fresh, false);
        int count = 0;
        for (Object x = Compiled.get(fresh, "head"); x != null; x = Compiled.get(x, "next")) {
            count++;
        }
        assertEquals(200_000, count);
    }

    @Test
    void enumsMapByConstantName() throws Exception {
        Compiled v1 = version("p.Mode", "package p; public enum Mode { SLOW, FAST }", "p.C", "package p; public class C { Mode m = Mode.FAST; }");
        Compiled v2 = version("p.Mode", "package p; public enum Mode { FAST, SLOW, WILD }", "p.C", "package p; public class C { Mode m; }");
        Object fresh = v2.create("p.C");
        carry(v1, v1.create("p.C"), v2, fresh, false);
        assertEquals("FAST", ((Enum<?>) Compiled.get(fresh, "m")).name());
        assertSame(v2.loader.loadClass("p.Mode"), Compiled.get(fresh, "m").getClass());
    }

    @Test
    void aClassGoneFromTheNewVersionCannotBeCarried() throws Exception {
        Compiled v1 = version("p.Gone", "package p; public class Gone {}", "p.C", "package p; public class C { Object o = new Gone(); }");
        Compiled v2 = version("p.C", "package p; public class C { Object o; }");
        TransferException e = assertThrows(TransferException.class, () -> carry(v1, v1.create("p.C"), v2, v2.create("p.C"), false));
        assertTrue(e.getMessage().contains("p.Gone"), e.getMessage());
    }

    @Test
    void staticsKeepTheirOldValueOnlyWhenMarked() throws Exception {
        String src1 = "package p; public class C { @dev.doitlive.api.Static static int kept = 1; static int fresh = 1; }";
        String src2 = "package p; public class C { @dev.doitlive.api.Static static long kept = 100; static int fresh = 100; }";
        Compiled v1 = version("p.C", src1);
        Compiled v2 = version("p.C", src2);
        Object old = v1.create("p.C");
        for (String f : List.of("kept", "fresh")) {
            var field = v1.loader.loadClass("p.C").getDeclaredField(f);
            field.setAccessible(true);
            field.setInt(null, 5);
        }
        Object fresh = v2.create("p.C");
        carry(v1, old, v2, fresh, false);
        var c2 = v2.loader.loadClass("p.C");
        var kept = c2.getDeclaredField("kept");
        kept.setAccessible(true);
        var notKept = c2.getDeclaredField("fresh");
        notKept.setAccessible(true);
        assertEquals(5L, kept.get(null));
        assertEquals(100, notKept.get(null));
    }

    @Test
    void migrateHookTakesOverARenamedOrReshapedField() throws Exception {
        Compiled v1 = version("p.C", "package p; public class C { int cnt = 7; String color = \"red\"; }");
        Compiled v2 = version("p.C", "package p; import dev.doitlive.api.*; public class C implements RefreshHooks {"
                + " long count; int color;"
                + " public void migrate(OldState old) { count = old.get(\"cnt\", long.class, 0L);"
                + " color = \"red\".equals(old.get(\"color\")) ? 0xff0000 : 0; } }");
        Object fresh = v2.create("p.C");
        carry(v1, v1.create("p.C"), v2, fresh, false);
        assertEquals(7L, Compiled.get(fresh, "count"));
        assertEquals(0xff0000, Compiled.get(fresh, "color"), "a field read in migrate() no longer fails the transfer");
    }

    @Test
    void strategiesComeFirst() throws Exception {
        Compiled v1 = version("p.C", "package p; public class C { String when = \"12\"; }");
        Compiled v2 = version("p.C", "package p; public class C { Integer when; }");
        TransferStrategy parse = (value, type, m) -> type == Integer.class && value instanceof String s ? Integer.valueOf(s) : TransferStrategy.PASS;
        Object fresh = v2.create("p.C");
        StateTransfer.transfer(v1.create("p.C"), v1.model, fresh, v2.model, Set.of(), false, List.of(parse));
        assertEquals(12, Compiled.get(fresh, "when"));
    }

    @Test
    void rootReferencesReachTheNewRoot() throws Exception {
        Compiled v1 = version("p.Child", "package p; public class Child { public C parent; }",
                "p.C", "package p; public class C { Child child = new Child(); { child.parent = this; } }");
        Compiled v2 = version("p.Child", "package p; public class Child { public C parent; }", "p.C", "package p; public class C { Child child; }");
        Object fresh = v2.create("p.C");
        carry(v1, v1.create("p.C"), v2, fresh, false);
        assertSame(fresh, Compiled.get(Compiled.get(fresh, "child"), "parent"));
    }

    @Test
    void recordsAreRebuiltThroughTheirCanonicalConstructor() throws Exception {
        Compiled v1 = version("p.Point", "package p; public record Point(int x, int y) {}",
                "p.C", "package p; public class C { Point p = new Point(3, 4); }");
        Compiled v2 = version("p.Point", "package p; public record Point(long x, long y, String label) {}",
                "p.C", "package p; public class C { Point p; }");
        Object fresh = v2.create("p.C");
        carry(v1, v1.create("p.C"), v2, fresh, false);
        Object p = Compiled.get(fresh, "p");
        assertSame(v2.loader.loadClass("p.Point"), p.getClass());
        assertEquals("Point[x=3, y=4, label=null]", p.toString(), "components by name, widened; a new one gets its zero");
    }
}
