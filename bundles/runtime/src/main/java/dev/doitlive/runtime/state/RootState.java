package dev.doitlive.runtime.state;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.objenesis.strategy.StdInstantiatorStrategy;

import dev.doitlive.api.RefreshHooks;
import dev.doitlive.api.TransferStrategy;
import dev.doitlive.runtime.report.Names;
import dev.doitlive.runtime.transfer.ClassModel;
import dev.doitlive.runtime.transfer.StateTransfer;
import dev.doitlive.runtime.transfer.TransferException;

/**
 * What a refreshable's state is, and how a saved one comes back: the instance's fields as the state transfer carries
 * them (not {@code transient}, not injected by Declarative Services), and the {@code @Static} fields of its bundle's
 * classes. A saved state comes back as a refresh from the version that saved it would: the values are put into an
 * instance of this version's class made without its constructor (the saved instance), and {@link StateTransfer}
 * carries them into the new instance, then {@code postRefresh} runs. A field that was not saved or cannot be restored
 * keeps the new instance's value.
 */
public final class RootState {
    private static final String STATIC = "#";

    private RootState() {
    }

    /** What a restore did: fields (and @Static fields) restored, those that kept the new instance's value and why, notes. */
    public record Restored(int fields, List<String> notRestored, List<String> notes) {
    }

    /** The entries of the state of {@code root}; call while no call is in flight. */
    public static List<StateCodec.Entry> entries(Object root, ClassModel model, Set<String> injected) throws IllegalAccessException {
        List<StateCodec.Entry> entries = new ArrayList<>();
        for (Field f : carried(model.info(root.getClass()), injected)) {
            entries.add(new StateCodec.Entry(f.getName(), f.get(root)));
        }
        for (ClassModel.ClassInfo info : model.classes()) {
            for (Field f : info.kept) {
                entries.add(new StateCodec.Entry(info.type.getName() + STATIC + f.getName(), f.get(null)));
            }
        }
        return entries;
    }

    /** The fields of the root that are state: those the transfer carries (shadowed ones hidden by the subclass's). */
    private static List<Field> carried(ClassModel.ClassInfo info, Set<String> injected) {
        List<Field> fields = new ArrayList<>();
        for (Field f : info.ordered) {
            if (!Modifier.isTransient(f.getModifiers()) && !injected.contains(f.getName()) && info.fields.get(f.getName()) == f) {
                fields.add(f);
            }
        }
        return fields;
    }

    /**
     * Carries a decoded state into {@code instance} (not yet reachable by any caller). On a failure of the transfer or
     * of the refreshable's hooks, every field is put back as the instance had it.
     *
     * @param notSaved the fields the save left out, and why
     * @throws TransferException when the state cannot be carried in; the instance is then as it was
     */
    public static Restored restore(StateCodec.Decoded decoded, Map<String, String> notSaved, Object instance, ClassModel model,
            Set<String> injected, boolean autoNone, List<TransferStrategy> strategies) throws TransferException {
        ClassModel.ClassInfo info = model.info(instance.getClass());
        Map<String, String> notRestored = new LinkedHashMap<>();
        notSaved.forEach((k, why) -> notRestored.put(k, why));
        notRestored.putAll(decoded.notRestored());
        Map<Field, Object> before = new LinkedHashMap<>();
        Set<String> skip = new HashSet<>(injected);
        // Saved values with no field of their name and type here (renamed or retyped since): for migrate() to read.
        Map<String, Object> unplaced = new LinkedHashMap<>();
        decoded.values().forEach((k, v) -> {
            if (!k.contains(STATIC)) {
                unplaced.put(k, v);
            }
        });
        Set<String> mismatched = new HashSet<>();
        Object saved;
        int restored = 0;
        try {
            saved = new StdInstantiatorStrategy().newInstantiatorOf(instance.getClass()).newInstance();
            for (Field f : info.ordered) {
                Object v = f.get(instance);
                before.put(f, v);
                f.set(saved, v); // what is not restored stays as the new instance has it, for migrate() too
            }
            for (Field f : carried(info, injected)) {
                String name = f.getName();
                if (!decoded.values().containsKey(name)) {
                    skip.add(name);
                    continue;
                }
                Object v = decoded.values().get(name);
                try {
                    f.set(saved, v);
                    unplaced.remove(name);
                    restored++;
                } catch (IllegalArgumentException e) {
                    skip.add(name);
                    mismatched.add(name);
                    notRestored.put(name, "saved a " + (v == null ? "null" : v.getClass().getName()) + ", the field is a " + f.getType().getName());
                }
            }
            for (ClassModel.ClassInfo c : model.classes()) {
                for (Field f : c.kept) {
                    before.put(f, f.get(null));
                }
            }
            for (Map.Entry<String, Object> e : decoded.values().entrySet()) {
                int at = e.getKey().indexOf(STATIC);
                if (at >= 0 && restoreStatic(model, e.getKey().substring(0, at), e.getKey().substring(at + 1), e.getValue(), notRestored)) {
                    restored++;
                }
            }
        } catch (IllegalAccessException | RuntimeException | LinkageError e) {
            putBack(before, instance);
            throw new TransferException("cannot build the saved instance: " + e, e);
        }
        StateTransfer.Result r;
        try {
            r = StateTransfer.restore(saved, model, instance, skip, autoNone, strategies, unplaced);
            if (instance instanceof RefreshHooks hooks) {
                hooks.postRefresh();
            }
        } catch (TransferException e) {
            putBack(before, instance);
            throw e;
        } catch (Exception | LinkageError e) {
            putBack(before, instance);
            throw new TransferException("postRefresh() threw " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("")), e);
        }
        // What migrate() read of the saved values that had no place, it took care of.
        unplaced.keySet().removeAll(notRestored.keySet());
        for (String name : r.migrated) {
            if (unplaced.containsKey(name) || mismatched.contains(name)) {
                unplaced.remove(name);
                notRestored.remove(name);
                restored++;
            }
        }
        List<String> notes = new ArrayList<>();
        if (!unplaced.isEmpty()) {
            notes.add("saved fields this version does not have: " + Names.few(unplaced.keySet().stream().sorted().toList()));
        }
        notes.addAll(r.notes);
        Map<String, String> shown = new LinkedHashMap<>();
        notRestored.forEach((k, why) -> shown.put(k.contains(STATIC) ? "@Static " + k.replace(STATIC, ".") : k, why));
        return new Restored(restored, Names.byReason(shown), notes);
    }

    /** Sets a @Static field to its saved value; false (and why, in {@code notRestored}) when it cannot. */
    private static boolean restoreStatic(ClassModel model, String className, String field, Object v, Map<String, String> notRestored)
            throws IllegalAccessException {
        Field f = staticField(model, className, field);
        String key = className + STATIC + field;
        if (f == null) {
            notRestored.put(key, "no such @Static field in this version");
            return false;
        }
        try {
            f.set(null, v);
            return true;
        } catch (IllegalArgumentException e) {
            notRestored.put(key, "saved a " + (v == null ? "null" : v.getClass().getName()) + ", the field is a " + f.getType().getName());
            return false;
        }
    }

    private static Field staticField(ClassModel model, String className, String field) {
        Class<?> type = model.find(className);
        if (type == null) {
            return null;
        }
        for (Field f : model.info(type).kept) {
            if (f.getName().equals(field)) {
                return f;
            }
        }
        return null;
    }

    private static void putBack(Map<Field, Object> before, Object instance) {
        before.forEach((f, v) -> {
            try {
                f.set(Modifier.isStatic(f.getModifiers()) ? null : instance, v);
            } catch (IllegalAccessException | RuntimeException e) {
                // a final static cannot have changed; nothing else can refuse its own value
            }
        });
    }
}
