package dev.doitlive.controls;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import dev.doitlive.api.FieldDTO;
import dev.doitlive.api.LiveRuntime;
import dev.doitlive.api.RefreshableDTO;

/**
 * What a control can be pointed at on a refreshable: the fields {@code live:set} takes ({@link LiveRuntime#fields}) and
 * the methods of its service interfaces ({@code live:call} takes no others), for a target that is none to be refused
 * with the list of what is there.
 */
public final class Members {
    private Members() {
    }

    /**
     * Why {@code name.member} is nothing a control can set or call, in words with what {@code name} has; or null when it
     * is a field a control sets, a method, or cannot be told (the interfaces do not load: then the control says so when
     * it moves).
     *
     * @throws IllegalArgumentException no refreshable has that name, in the runtime's words
     */
    public static String refusal(LiveRuntime runtime, BundleContext context, String name, String member) {
        FieldDTO field = null;
        List<String> inOrder = new ArrayList<>(); // as live:state lists them
        for (FieldDTO f : runtime.fields(name)) {
            if (f.name.equals(member)) {
                field = f;
            }
            if (f.editable && f.kind != FieldDTO.Kind.TEXT) {
                inOrder.add(f.name);
            }
        }
        Set<String> methods = methods(context, runtime.describe(name));
        String has = "; " + name + " has " + (inOrder.isEmpty() ? "no field a knob sets" : "the fields " + String.join(", ", inOrder))
                + (methods == null ? "" : methods.isEmpty() ? " and no method" : " and the methods " + String.join(", ", methods));
        if (field != null) {
            if (!field.editable) {
                return name + "." + member + " (" + article(field.type) + ") cannot be set: live:set does not take it" + has;
            }
            if (field.kind == FieldDTO.Kind.TEXT) {
                return name + "." + member + " is " + article(field.type) + ": a knob or pad gives numbers, not text" + has;
            }
            return null;
        }
        if (methods == null || methods.contains(member)) {
            return null;
        }
        return name + " has no field or method '" + member + "'" + has;
    }

    /** The methods of its service interfaces, by name; null when they cannot be loaded (its bundle is gone). */
    private static Set<String> methods(BundleContext context, RefreshableDTO r) {
        Bundle b = r.interfaces == null ? null : context.getBundle(r.bundleId);
        if (b == null) {
            return null;
        }
        Set<String> names = new TreeSet<>();
        try {
            for (String i : r.interfaces) {
                for (Method m : b.loadClass(i).getMethods()) {
                    if (!Modifier.isStatic(m.getModifiers())) {
                        names.add(m.getName());
                    }
                }
            }
        } catch (ClassNotFoundException | IllegalStateException | LinkageError e) {
            return null;
        }
        return names;
    }

    private static String article(String noun) {
        return ("aeiouAEIOU".indexOf(noun.isEmpty() ? 'x' : noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }
}
