package dev.doitlive.runtime.transfer;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.doitlive.api.RefreshHooks;
import dev.doitlive.api.TransferStrategy;
import dev.doitlive.runtime.report.Names;

/**
 * The default state transfer: every instance field of the old instance, through its class hierarchy inside
 * the bundle, copied by name into the new instance, with the rules of {@link Migration}; then the
 * refreshable's own {@link RefreshHooks#migrate} hook; then STATICS.
 *
 * <p>Fields that cannot be carried: a {@code @Default} field keeps the value the new instance was built with;
 * with AUTO_NONE the field becomes null/zero; otherwise the transfer fails, naming the field and both types.
 */
public final class StateTransfer {
    private StateTransfer() {
    }

    /** What a transfer did. */
    public static final class Result {
        /** Fields of the root carried from the old instance (new, transient, injected and failed ones not counted). */
        public final int fields;
        public final int objects;
        public final List<String> notes;
        /**
         * Root fields of the old instance whose value the new instance did not take as it was: the new class lacks
         * them (or does not carry them), they took its {@code @Default}, AUTO_NONE or the new code, or a conversion
         * changed them. Should the new version fail on probation, the old version gets these back as they were.
         */
        public final Set<String> untaken;
        /** The old fields {@code migrate(OldState)} read: it took care of them. */
        public final Set<String> migrated;

        Result(int fields, int objects, List<String> notes, Set<String> untaken, Set<String> migrated) {
            this.fields = fields;
            this.objects = objects;
            this.notes = notes;
            this.untaken = Set.copyOf(untaken);
            this.migrated = migrated;
        }
    }

    /**
     * Carries the state of {@code oldRoot} into {@code newRoot}: {@link #prepare} and {@link Prepared#run()} at once.
     *
     * @param skip fields of the new instance not to overwrite (injected by Declarative Services)
     */
    public static Result transfer(Object oldRoot, ClassModel oldModel, Object newRoot, ClassModel newModel, Set<String> skip,
            boolean autoNone, List<TransferStrategy> strategies) throws TransferException {
        return prepare(oldRoot, oldModel, newRoot, newModel, skip, autoNone, strategies, false).run();
    }

    /**
     * A restore's transfer: as {@link #transfer}, and {@code migrate(OldState)} also sees {@code saved}, values saved
     * under names that have no field of their type in {@code oldRoot} (renamed or retyped since they were saved).
     */
    public static Result restore(Object oldRoot, ClassModel model, Object newRoot, Set<String> skip, boolean autoNone,
            List<TransferStrategy> strategies, Map<String, Object> saved) throws TransferException {
        Prepared p = prepare(oldRoot, model, newRoot, model, skip, autoNone, strategies, false);
        p.saved = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(saved));
        return p.run();
    }

    /**
     * Works out how the state will be carried, without carrying any of it: the swap does this before it holds
     * callers, so that only the copying happens while they wait. The old instance may go on changing until
     * {@link Prepared#run()}.
     *
     * @param lenient going back to a version that was live: a field that cannot be carried keeps the value the new
     *                instance was built with (said in a note) instead of failing the transfer
     */
    public static Prepared prepare(Object oldRoot, ClassModel oldModel, Object newRoot, ClassModel newModel, Set<String> skip,
            boolean autoNone, List<TransferStrategy> strategies, boolean lenient) {
        Migration m = new Migration(oldModel, newModel, strategies, autoNone, lenient);
        m.prepare(oldRoot, newRoot, skip);
        return new Prepared(oldRoot, oldModel, newRoot, newModel, skip, autoNone, lenient, m);
    }

    /**
     * Gives back to {@code newRoot} the {@code fields} as {@code fromRoot} had them (migrated into the new classes),
     * leaving its other fields alone: after a version failed on probation, the version before it gets back what the
     * failed one never really had. Never fails: a field that cannot be given back keeps its value, with a note.
     *
     * @param skip fields of the new instance never to overwrite (injected by Declarative Services)
     * @return notes on what could not be given back
     */
    public static List<String> giveBack(Object fromRoot, ClassModel fromModel, Object newRoot, ClassModel newModel, Set<String> fields,
            Set<String> skip, List<TransferStrategy> strategies) {
        Migration m = new Migration(fromModel, newModel, strategies, false, true);
        Set<String> others = new java.util.HashSet<>(newModel.info(newRoot.getClass()).fields.keySet());
        others.removeAll(fields);
        others.addAll(skip);
        Map<Field, String> failures = new LinkedHashMap<>();
        try {
            m.root(fromRoot, newRoot);
            m.copyFields(fromRoot, newRoot, others, failures);
            m.drain();
        } catch (Exception | LinkageError e) {
            return List.of("could not give back " + Names.few(fields) + ": " + e);
        }
        List<String> notes = new ArrayList<>(m.notes());
        failures.values().forEach(f -> notes.add(f + "; kept the value the restored version starts with"));
        return notes;
    }

    /** A transfer worked out by {@link #prepare}, to be run once. */
    public static final class Prepared {
        private final Object oldRoot;
        private final ClassModel oldModel;
        private final Object newRoot;
        private final ClassModel newModel;
        private final Set<String> skip;
        private final boolean autoNone;
        private final boolean lenient;
        private final Migration m;
        private Map<String, Object> saved = Map.of();
        private boolean migrate = true;

        Prepared(Object oldRoot, ClassModel oldModel, Object newRoot, ClassModel newModel, Set<String> skip, boolean autoNone,
                boolean lenient, Migration m) {
            this.oldRoot = oldRoot;
            this.oldModel = oldModel;
            this.newRoot = newRoot;
            this.newModel = newModel;
            this.skip = skip;
            this.autoNone = autoNone;
            this.lenient = lenient;
            this.m = m;
        }

        /**
         * Leaves {@code migrate(OldState)} out: the old and the new instance are of the same version (the same bytes
         * reloaded), so every field carries by name, and a hook written for an older version (reading a field only
         * that one had, with a default) would undo the state it finds.
         */
        public Prepared withoutMigrate() {
            migrate = false;
            return this;
        }

        /** Copies the state across; call while no call is in flight on either instance. */
        public Result run() throws TransferException {
            m.root(oldRoot, newRoot);
            ClassModel.ClassInfo newInfo = newModel.info(newRoot.getClass());
            Map<Field, String> failures = new LinkedHashMap<>();
            int carried;
            try {
                carried = m.copyFields(oldRoot, newRoot, skip, failures);
                m.drain();
            } catch (TransferException e) {
                throw e;
            } catch (Exception e) {
                throw new TransferException("state transfer failed: " + e, e);
            }

            Set<String> read = Set.of();
            if (migrate && newRoot instanceof RefreshHooks hooks) {
                OldStateView view = new OldStateView(oldRoot, oldModel.info(oldRoot.getClass()), saved, m);
                try {
                    hooks.migrate(view);
                    m.drain();
                } catch (Exception | LinkageError e) {
                    throw new TransferException("migrate() threw " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("")), e);
                }
                failures.keySet().removeIf(f -> view.read().contains(f.getName()));
                read = view.read();
            }

            List<String> notes = new ArrayList<>(m.notes());
            try {
                for (Map.Entry<Field, String> e : failures.entrySet()) {
                    Field f = e.getKey();
                    if (newInfo.isDefault(f)) {
                        notes.add(e.getValue() + "; took its @Default");
                    } else if (autoNone) {
                        f.set(newRoot, Conversions.zero(f.getType()));
                        notes.add(e.getValue() + "; AUTO_NONE made it " + Conversions.zero(f.getType()));
                    } else if (lenient) {
                        notes.add(e.getValue() + "; kept the value the restored version starts with");
                    } else {
                        throw new TransferException(e.getValue() + "; mark it @Default or set @Refreshable(autoNone = true)");
                    }
                }
                statics(oldModel, newModel, m, notes);
            } catch (TransferException e) {
                throw e;
            } catch (Exception e) {
                throw new TransferException("state transfer failed: " + e, e);
            }
            return new Result(carried, m.objects(), notes, m.untaken(), read);
        }
    }

    /** STATICS: a {@code @Static} field of a new class takes the value of the old class's field of that name. */
    private static void statics(ClassModel oldModel, ClassModel newModel, Migration m, List<String> notes) throws Exception {
        for (ClassModel.ClassInfo info : newModel.classes()) {
            for (Field nf : info.kept) {
                Class<?> oldType = oldModel.find(info.type.getName());
                Field of = oldType == null ? null : oldModel.info(oldType).statics.get(nf.getName());
                if (of == null) {
                    continue;
                }
                try {
                    nf.set(null, m.convert(of.get(null), nf.getType()));
                    m.drain();
                } catch (Uncarriable u) {
                    notes.add("@Static " + info.type.getSimpleName() + "." + nf.getName() + " not kept: " + u.getMessage());
                }
            }
        }
    }
}
