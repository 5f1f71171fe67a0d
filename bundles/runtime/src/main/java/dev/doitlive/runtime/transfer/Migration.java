package dev.doitlive.runtime.transfer;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.doitlive.api.TransferStrategy;
import dev.doitlive.runtime.report.Names;

/**
 * Migrates values from the old version's classes to the new version's, keeping identity and cycles.
 *
 * <p>Objects of the old bundle's own classes are re-created from the new class of the same name (through its
 * no-argument constructor when it has one, so that new fields get their initializers; otherwise allocated
 * without a constructor) and their fields filled by the same rules, breadth first, so that a linked list of a
 * million nodes needs no deep recursion. Arrays, Collections and Maps that hold such objects are rebuilt;
 * those that hold none are shared as they are.
 */
final class Migration implements TransferStrategy.Migration {
    private final ClassModel oldModel;
    private final ClassModel newModel;
    private final List<TransferStrategy> strategies;
    private final boolean autoNone;
    private final IdentityTable migrated = new IdentityTable();
    private final IdentityHashMap<Object, Boolean> inProgress = new IdentityHashMap<>();
    /** Old and new object, one after the other: a pair per object without an array per pair; or a {@link Run}. */
    private final Pending pending = new Pending();
    /**
     * The last own class {@link #object} met and what it becomes (a graph's objects are many of few classes, met one
     * after another): its new class and no-argument constructor (null: allocated without one).
     */
    private Class<?> lastOld;
    private Class<?> lastNew;
    private Constructor<?> lastConstructor;
    /** The last plan {@link #copyFields} used for a nested object. */
    private Plan lastPlan;
    private final Instantiator instantiator = new Instantiator();
    private final Map<Class<?>, Plan> plans = new IdentityHashMap<>();
    /** The root's plan, worked out by {@link #prepare} (the root skips DS-injected fields: a plan of its own). */
    private Plan rootPlan;
    private final List<String> notes = new ArrayList<>();
    private int objects;
    /**
     * Going back to a version that was live: a value that cannot be carried leaves the field as the new instance
     * has it, instead of failing, so that what a failed candidate did never keeps the good version out.
     */
    private final boolean lenient;
    /** Fields holding code (lambdas, anonymous and local classes): which took the new object's, which kept the old. */
    private final Set<String> newCode = new java.util.LinkedHashSet<>();
    private final Set<String> oldCode = new java.util.LinkedHashSet<>();
    /** Objects of code met inside arrays and collections, kept as they were: nothing new to take them from. */
    private int nestedCode;
    /** Root fields of the old instance whose value the new instance did not take as it was (see {@link Result#untaken}). */
    private final Set<String> untaken = new java.util.LinkedHashSet<>();

    Migration(ClassModel oldModel, ClassModel newModel, List<TransferStrategy> strategies, boolean autoNone, boolean lenient) {
        this.oldModel = oldModel;
        this.newModel = newModel;
        this.strategies = strategies;
        this.autoNone = autoNone;
        this.lenient = lenient;
    }

    /**
     * Does, before callers are held, what does not depend on the old instance's values: the root's plan, one plan
     * per own class of the old version that the new one has too, each class's constructor, and the root fields'
     * reflective accessors (made on a field's first use). Then the transfer under the closed gate only copies.
     * Anything that cannot be worked out here is left for the transfer to meet (and report) as it would have.
     */
    void prepare(Object oldRoot, Object newRoot, Set<String> skip) {
        try {
            rootPlan = plan(oldRoot.getClass(), newRoot.getClass(), skip);
            for (int i = 0; i < rootPlan.news.length; i++) {
                rootPlan.olds[i].get(oldRoot);
                rootPlan.news[i].get(newRoot);
            }
            for (ClassModel.ClassInfo info : oldModel.classes()) {
                Class<?> newType = newModel.find(info.type.getName());
                if (newType != null && !newType.isEnum() && !newType.isRecord() && !newType.isInterface()
                        && !java.lang.reflect.Modifier.isAbstract(newType.getModifiers())) {
                    plans.put(info.type, plan(info.type, newType, null));
                    instantiator.prepare(newType);
                }
            }
        } catch (RuntimeException | LinkageError | IllegalAccessException e) {
            // the transfer meets it again and says so
        }
    }

    /** Registers the root pair so that references back to the old root reach the new root. */
    void root(Object oldRoot, Object newRoot) {
        migrated.put(oldRoot, newRoot);
    }

    List<String> notes() {
        List<String> all = new ArrayList<>(notes);
        if (!newCode.isEmpty()) {
            all.add("code in " + fieldList(newCode) + " (lambdas, anonymous or local classes) is the new version's");
        }
        if (!oldCode.isEmpty()) {
            all.add("the new version leaves " + fieldList(oldCode) + " null: the old code stays there");
        }
        if (nestedCode > 0) {
            all.add(nestedCode + (nestedCode == 1 ? " lambda or anonymous object" : " lambdas or anonymous objects")
                    + " inside collections or arrays kept as they were (old code)");
        }
        return all;
    }

    private static String fieldList(Set<String> fields) {
        return (fields.size() == 1 ? "field " : "fields ") + Names.few(fields);
    }

    /** Root fields of the old instance whose value the new one did not take as it was. */
    Set<String> untaken() {
        return untaken;
    }

    /**
     * Whether objects of the class are code rather than data: lambdas and method references (hidden classes),
     * anonymous and local classes. Their classes have no stable name across versions (an anonymous class is
     * {@code $1} by the order the compiler met it), so the new version's code is taken, never matched by name.
     * Local records and enums are data.
     */
    static boolean isCode(Class<?> c) {
        return CODE.get(c);
    }

    /** Per class: asked of every value carried, and isAnonymousClass() reads the class file's attributes each time. */
    private static final ClassValue<Boolean> CODE = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> c) {
            return !c.isRecord() && !c.isEnum() && (c.isHidden() || c.isSynthetic() || c.isAnonymousClass() || c.isLocalClass())
                    && !(c.getSuperclass() != null && c.getSuperclass().isEnum());
        }
    };

    int objects() {
        return objects;
    }

    @Override
    public ClassLoader newClassLoader() {
        return newModel.loader();
    }

    @Override
    public boolean isOldVersionObject(Object value) {
        return value != null && oldModel.owns(value.getClass());
    }

    @Override
    public Object migrate(Object oldValue, Class<?> targetType) throws Exception {
        Object v = convert(oldValue, targetType);
        drain();
        return v;
    }

    /**
     * Converts one value for a slot of {@code target} type; nested own objects are queued, see {@link #drain()}.
     *
     * @throws Uncarriable when the value cannot be carried
     */
    Object convert(Object value, Class<?> target) throws Exception {
        if (value == null) {
            if (target.isPrimitive()) {
                throw new Uncarriable("null does not fit " + target.getName());
            }
            return null;
        }
        for (int i = 0; i < strategies.size(); i++) { // indexed: no iterator per value carried
            TransferStrategy s = strategies.get(i);
            Object r = s.transfer(value, target, this);
            if (r != TransferStrategy.PASS) {
                if (r != null && !Conversions.box(target).isInstance(r)) {
                    throw new Uncarriable("strategy " + s.getClass().getName() + " returned " + r.getClass().getName()
                            + ", not a " + target.getName());
                }
                return r;
            }
        }
        Object v;
        Class<?> type = value.getClass();
        if (isCode(type)) {
            // Code met inside an array or a collection: nothing new to take it from, so the old object stays.
            if (!Conversions.box(target).isInstance(value)) {
                throw new Uncarriable("it holds code of the old version (" + type.getName() + ") that is not a " + target.getName());
            }
            nestedCode++;
            return value;
        }
        if (oldModel.owns(type) || (type.isArray() && oldModel.owns(leafComponent(type)))) {
            v = type.isArray() ? array(value) : object(value);
        } else if (type.isArray() && !type.getComponentType().isPrimitive()) {
            v = array(value);
        } else if (value instanceof Collection<?> c && isJdk(type)) {
            v = collection(c);
        } else if (value instanceof Map<?, ?> m && isJdk(type)) {
            v = map(m);
        } else {
            v = value;
        }
        if (Conversions.isBoxOrPrimitive(target) && Conversions.isBoxOrPrimitive(v.getClass())) {
            return Conversions.convert(v, target);
        }
        if (!Conversions.box(target).isInstance(v)) {
            throw new Uncarriable(describe(type) + " is not a " + target.getName());
        }
        return v;
    }

    private static String describe(Class<?> c) {
        return c.getName();
    }

    private static Class<?> leafComponent(Class<?> arrayType) {
        Class<?> c = arrayType;
        while (c.isArray()) {
            c = c.getComponentType();
        }
        return c;
    }

    private static boolean isJdk(Class<?> type) {
        ClassLoader l = type.getClassLoader();
        return l == null || l == ClassLoader.getPlatformClassLoader();
    }

    /** An object of an old own class: the new object, created now and filled later. */
    private Object object(Object old) throws Exception {
        Object done = migrated.get(old);
        if (done != null) {
            return done;
        }
        Class<?> oldType = old.getClass();
        if (oldType == lastOld) { // the common case: a plain class met just before
            return created(old, lastConstructor == null ? Instantiator.allocate(lastNew) : lastConstructor.newInstance(Instantiator.NO_ARGUMENTS));
        }
        Class<?> newType = newModel.find(oldType.getName());
        if (newType == null) {
            throw new Uncarriable("class " + oldType.getName() + " is gone from the new version");
        }
        if (oldType.isEnum() || (oldType.getSuperclass() != null && oldType.getSuperclass().isEnum())) {
            Class<?> enumType = oldType.isEnum() ? newType : newType.getSuperclass();
            String constant = ((Enum<?>) old).name();
            for (Object c : enumType.getEnumConstants()) {
                if (((Enum<?>) c).name().equals(constant)) {
                    migrated.put(old, c);
                    return c;
                }
            }
            throw new Uncarriable("enum constant " + constant + " is gone from " + enumType.getName());
        }
        if (newType.isRecord()) {
            return record(old, newType);
        }
        Object fresh = instantiator.create(newType);
        lastOld = oldType;
        lastNew = newType;
        lastConstructor = instantiator.prepare(newType).orElse(null);
        return created(old, fresh);
    }

    /** Registers a new object made for {@code old}, to be filled when the queue reaches it. */
    private Object created(Object old, Object fresh) {
        migrated.put(old, fresh);
        objects++;
        pending.add(old, fresh);
        return fresh;
    }

    private Object record(Object old, Class<?> newType) throws Exception {
        RecordComponent[] comps = newType.getRecordComponents();
        Class<?>[] types = new Class<?>[comps.length];
        Object[] values = new Object[comps.length];
        ClassModel.ClassInfo oldInfo = oldModel.info(old.getClass());
        for (int i = 0; i < comps.length; i++) {
            types[i] = comps[i].getType();
            Field f = oldInfo.fields.get(comps[i].getName());
            values[i] = f == null ? Conversions.zero(types[i]) : convert(f.get(old), types[i]);
        }
        Constructor<?> canonical = newType.getDeclaredConstructor(types);
        canonical.setAccessible(true);
        Object fresh = canonical.newInstance(values);
        migrated.put(old, fresh);
        objects++;
        return fresh;
    }

    private Object array(Object old) throws Exception {
        Object done = migrated.get(old);
        if (done != null) {
            return done;
        }
        Object[] olds = (Object[]) old; // only arrays of references come here
        Class<?> component = old.getClass().getComponentType();
        Class<?> newComponent = mapType(component);
        int n = olds.length;
        if (n > 1024) {
            migrated.reserve(n); // a million nodes would otherwise grow the table twenty times, rehashing it each time
        }
        if (newComponent == component) {
            // Same array type: rebuild only if an element changes.
            Object[] values = new Object[n];
            boolean changed = false;
            inProgress.put(old, Boolean.TRUE);
            for (int i = 0; i < n; i++) {
                Object e = olds[i];
                values[i] = e == null ? null : convert(e, component);
                changed |= values[i] != e;
            }
            inProgress.remove(old);
            if (!changed) {
                migrated.put(old, old);
                return old;
            }
            Object[] fresh = (Object[]) Array.newInstance(component, n);
            System.arraycopy(values, 0, fresh, 0, n);
            migrated.put(old, fresh);
            return fresh;
        }
        Object[] fresh = (Object[]) Array.newInstance(newComponent, n);
        migrated.put(old, fresh);
        // Elements made new here wait in runs (one queue entry for many), in the order they would have queued one by one.
        int from = 0;
        for (int i = 0; i < n; i++) {
            Object e = olds[i];
            if (e == null) {
                continue;
            }
            int queued = pending.size();
            Object v = convert(e, newComponent);
            fresh[i] = v;
            if (pending.size() == queued + 2 && pending.endsWith(e, v)) {
                pending.dropLast(); // made new just now: it joins the run
                continue;
            }
            if (from < i) {
                pending.insert(new Run(olds, fresh, from, i), null, queued); // before what element i queued
            }
            from = i + 1;
        }
        if (from < n) {
            pending.add(new Run(olds, fresh, from, n), null);
        }
        return fresh;
    }

    /**
     * Elements {@code [from, to)} of an array, made new by a migration (or null), to be filled from the old array's
     * elements: one queue entry for what would have been a pair per element.
     */
    private record Run(Object[] olds, Object[] fresh, int from, int to) {
    }

    /** The new version's counterpart of an old own class (or array of one); other types map to themselves. */
    private Class<?> mapType(Class<?> type) throws Uncarriable {
        if (type.isArray()) {
            Class<?> c = mapType(type.getComponentType());
            return c == type.getComponentType() ? type : Array.newInstance(c, 0).getClass();
        }
        if (!oldModel.owns(type)) {
            return type;
        }
        Class<?> n = newModel.find(type.getName());
        if (n == null) {
            throw new Uncarriable("class " + type.getName() + " is gone from the new version");
        }
        return n;
    }

    private Object collection(Collection<?> old) throws Exception {
        Object done = migrated.get(old);
        if (done != null) {
            return done;
        }
        if (inProgress.containsKey(old)) {
            return old;
        }
        inProgress.put(old, Boolean.TRUE);
        List<Object> values = new ArrayList<>(old.size());
        boolean changed = false;
        for (Object e : old) {
            Object v = e == null ? null : convert(e, Object.class);
            changed |= v != e;
            values.add(v);
        }
        inProgress.remove(old);
        if (!changed) {
            migrated.put(old, old);
            return old;
        }
        Collection<Object> fresh = newCollection(old);
        fresh.addAll(values);
        Object result = immutableCopy(old, fresh);
        migrated.put(old, result);
        return result;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Collection<Object> newCollection(Collection<?> old) throws Exception {
        if (old instanceof SortedSet<?> s) {
            return new TreeSet<>((Comparator) comparator(s.comparator()));
        }
        try {
            Constructor<?> c = old.getClass().getDeclaredConstructor();
            c.setAccessible(true);
            return (Collection<Object>) c.newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            notes.add("rebuilt a " + old.getClass().getName() + " as a " + (old instanceof Set ? "set" : "list"));
            return old instanceof Set ? new java.util.LinkedHashSet<>() : new ArrayList<>();
        }
    }

    /** Immutable JDK collections (List.of, Set.of) have no constructor: copy back into the same kind. */
    private static Object immutableCopy(Object old, Object fresh) {
        String n = old.getClass().getName();
        if (!n.startsWith("java.util.ImmutableCollections")) {
            return fresh;
        }
        if (fresh instanceof List<?> l) {
            return List.copyOf(l);
        }
        if (fresh instanceof Set<?> s) {
            return Set.copyOf(s);
        }
        if (fresh instanceof Map<?, ?> m) {
            return Map.copyOf(m);
        }
        return fresh;
    }

    private Object comparator(Comparator<?> c) throws Exception {
        return c == null ? null : convert(c, Comparator.class);
    }

    private Object map(Map<?, ?> old) throws Exception {
        Object done = migrated.get(old);
        if (done != null) {
            return done;
        }
        if (inProgress.containsKey(old)) {
            return old;
        }
        inProgress.put(old, Boolean.TRUE);
        List<Object> keys = new ArrayList<>(old.size());
        List<Object> values = new ArrayList<>(old.size());
        boolean changed = false;
        for (Map.Entry<?, ?> e : old.entrySet()) {
            Object k = e.getKey() == null ? null : convert(e.getKey(), Object.class);
            Object v = e.getValue() == null ? null : convert(e.getValue(), Object.class);
            changed |= k != e.getKey() || v != e.getValue();
            keys.add(k);
            values.add(v);
        }
        inProgress.remove(old);
        if (!changed) {
            migrated.put(old, old);
            return old;
        }
        Map<Object, Object> fresh = newMap(old, keys);
        for (int i = 0; i < keys.size(); i++) {
            fresh.put(keys.get(i), values.get(i));
        }
        Object result = immutableCopy(old, fresh);
        migrated.put(old, result);
        return result;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Map<Object, Object> newMap(Map<?, ?> old, List<Object> newKeys) throws Exception {
        if (old instanceof EnumMap<?, ?> && !newKeys.isEmpty()) {
            Class<?> k = newKeys.get(0).getClass();
            Class enumType = k.isEnum() ? k : k.getSuperclass();
            return new EnumMap(enumType);
        }
        if (old instanceof SortedMap<?, ?> s) {
            return new TreeMap<>((Comparator) comparator(s.comparator()));
        }
        try {
            Constructor<?> c = old.getClass().getDeclaredConstructor();
            c.setAccessible(true);
            return (Map<Object, Object>) c.newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            notes.add("rebuilt a " + old.getClass().getName() + " as a LinkedHashMap");
            return new LinkedHashMap<>();
        }
    }

    /** Fills the queued new objects from their old counterparts, breadth first. */
    void drain() throws Exception {
        Object old;
        while ((old = pending.poll()) != null) {
            Object fresh = pending.poll();
            if (old instanceof Run r) { // never an old object: Run is the runtime's own class
                for (int i = r.from; i < r.to; i++) {
                    if (r.olds[i] != null) {
                        copyFields(r.olds[i], r.fresh[i], null, null);
                    }
                }
            } else {
                copyFields(old, fresh, null, null);
            }
        }
    }

    /**
     * Copies every instance field of {@code old} into {@code fresh} by name.
     *
     * @param skip     fields to leave as the new object has them (DS-injected ones), or null
     * @param failures where to put fields that cannot be carried (the root's caller decides), or null to apply
     *                 AUTO_NONE / @Default here and fail otherwise
     */
    int copyFields(Object old, Object fresh, Set<String> skip, Map<Field, String> failures) throws Exception {
        // Nested objects share one plan per class (a graph's nodes are many objects of few classes); the root has its own.
        Plan plan = skip != null ? rootPlan : lastPlan != null && lastPlan.oldType == old.getClass() ? lastPlan : plans.get(old.getClass());
        if (plan == null || plan.newType != fresh.getClass() || plan.oldType != old.getClass()) {
            plan = plan(old.getClass(), fresh.getClass(), skip);
            if (skip == null) {
                plans.put(old.getClass(), plan);
            }
        }
        if (skip == null) {
            lastPlan = plan;
        }
        boolean root = skip != null;
        if (root) {
            untaken.addAll(plan.untaken);
        }
        int carried = 0;
        for (int i = 0; i < plan.news.length; i++) {
            Field nf = plan.news[i];
            Field of = plan.olds[i];
            if (plan.primitive[i]) {
                copyPrimitive(of, old, nf, fresh); // the common case, without boxing: no garbage per field
                carried++;
                continue;
            }
            Object ov = of.get(old);
            if (code(ov, nf, fresh, root, plan.newMayBeCode[i])) {
                continue;
            }
            try {
                nf.set(fresh, convert(ov, nf.getType()));
                carried++;
                if (root && plan.converted[i]) {
                    untaken.add(of.getName());
                }
            } catch (Uncarriable u) {
                String reason = "field '" + nf.getName() + "' of " + nf.getDeclaringClass().getSimpleName() + ": cannot carry "
                        + of.getType().getName() + " into " + nf.getType().getName() + " (" + u.getMessage() + ")";
                if (root) {
                    untaken.add(of.getName());
                }
                if (failures != null) {
                    failures.put(nf, reason);
                } else if (newModel.info(fresh.getClass()).isDefault(nf)) {
                    notes.add(reason + "; took its @Default");
                } else if (autoNone) {
                    nf.set(fresh, Conversions.zero(nf.getType()));
                    notes.add(reason + "; AUTO_NONE made it " + Conversions.zero(nf.getType()));
                } else if (lenient) {
                    notes.add(reason + "; kept the value the restored version starts with");
                } else {
                    throw new TransferException(reason + "; mark it @Default or set @Refreshable(autoNone = true)");
                }
            }
        }
        return carried;
    }

    /**
     * The rule for code held in a field: when the old or the new object's value is code (a lambda, an anonymous or
     * local class), the field takes the new object's value, built by the new code; if the new object leaves it
     * null, the old object stays when it fits (old code runs: odd, never a crash). Returns whether it applied.
     */
    private boolean code(Object ov, Field nf, Object fresh, boolean root, boolean newMayBeCode) throws IllegalAccessException {
        boolean oldIsCode = ov != null && isCode(ov.getClass());
        if (!oldIsCode && !newMayBeCode) {
            return false; // the common case, without reading the new object's field
        }
        Object nv = nf.get(fresh);
        if (!oldIsCode && (nv == null || !isCode(nv.getClass()))) {
            return false;
        }
        String name = root ? nf.getName() : nf.getDeclaringClass().getSimpleName() + "." + nf.getName();
        if (root) {
            untaken.add(nf.getName());
        }
        if (nv != null) {
            newCode.add(name);
        } else if (Conversions.box(nf.getType()).isInstance(ov)) {
            nf.set(fresh, ov);
            oldCode.add(name);
        } else {
            notes.add("field '" + nf.getName() + "' held code of the old version (" + ov.getClass().getName()
                    + ") that does not fit " + nf.getType().getName() + ", and the new version leaves it null");
        }
        return true;
    }

    /**
     * Which field of the old class fills which field of the new one: the new class's fields that are carried (not
     * transient, not skipped, present in the old class), each with its old counterpart.
     */
    private record Plan(Class<?> oldType, Class<?> newType, Field[] news, Field[] olds, boolean[] primitive, boolean[] newMayBeCode,
            boolean[] converted, Set<String> untaken) {
    }

    private Plan plan(Class<?> oldType, Class<?> newType, Set<String> skip) {
        ClassModel.ClassInfo oldInfo = oldModel.info(oldType);
        List<Field> news = new ArrayList<>();
        List<Field> olds = new ArrayList<>();
        for (Field nf : newModel.info(newType).ordered) {
            if (java.lang.reflect.Modifier.isTransient(nf.getModifiers()) || (skip != null && skip.contains(nf.getName()))) {
                continue;
            }
            Field of = match(oldInfo, nf);
            if (of != null) { // a new field keeps the value its initializer gave it
                news.add(nf);
                olds.add(of);
            }
        }
        boolean[] primitive = new boolean[news.size()];
        boolean[] newMayBeCode = new boolean[news.size()];
        boolean[] converted = new boolean[news.size()];
        for (int i = 0; i < primitive.length; i++) {
            Class<?> t = news.get(i).getType();
            Class<?> ot = olds.get(i).getType();
            // Strategies are asked for every value, primitives too: with none, a same-type primitive is copied as it is.
            primitive[i] = strategies.isEmpty() && t.isPrimitive() && t == ot;
            // The new object's value is read only where code usually sits: a field of an interface, abstract or Object
            // type (a lambda, an anonymous implementation). A field of a concrete class holds code only in odd cases,
            // which the old value's class tells.
            newMayBeCode[i] = !t.isPrimitive() && !t.isArray()
                    && (t.isInterface() || t == Object.class || java.lang.reflect.Modifier.isAbstract(t.getModifiers()));
            // A value changed by a conversion (int into long, a boxing): the new version never had it as it was.
            converted[i] = !t.getName().equals(ot.getName());
        }
        // Old fields the new class does not carry (gone, transient or injected in it): the new version never had them.
        // A field transient in the old class is no state of it: nothing to give back.
        Set<String> untaken = new java.util.LinkedHashSet<>();
        for (Field of : oldInfo.ordered) {
            if (!olds.contains(of) && !java.lang.reflect.Modifier.isTransient(of.getModifiers())) {
                untaken.add(of.getName());
            }
        }
        return new Plan(oldType, newType, news.toArray(new Field[0]), olds.toArray(new Field[0]), primitive, newMayBeCode, converted,
                untaken);
    }

    private static void copyPrimitive(Field of, Object old, Field nf, Object fresh) throws IllegalAccessException {
        Class<?> t = nf.getType();
        if (t == int.class) {
            nf.setInt(fresh, of.getInt(old));
        } else if (t == long.class) {
            nf.setLong(fresh, of.getLong(old));
        } else if (t == double.class) {
            nf.setDouble(fresh, of.getDouble(old));
        } else if (t == boolean.class) {
            nf.setBoolean(fresh, of.getBoolean(old));
        } else if (t == float.class) {
            nf.setFloat(fresh, of.getFloat(old));
        } else if (t == byte.class) {
            nf.setByte(fresh, of.getByte(old));
        } else if (t == short.class) {
            nf.setShort(fresh, of.getShort(old));
        } else {
            nf.setChar(fresh, of.getChar(old));
        }
    }

    /** The old field for a new one: same declaring class and name, else the same name. */
    static Field match(ClassModel.ClassInfo oldInfo, Field nf) {
        for (Field f : oldInfo.ordered) {
            if (f.getName().equals(nf.getName()) && f.getDeclaringClass().getName().equals(nf.getDeclaringClass().getName())) {
                return f;
            }
        }
        return oldInfo.fields.get(nf.getName());
    }

}
