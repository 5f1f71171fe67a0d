package dev.doitlive.runtime.refresh;

import java.util.HashSet;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import dev.doitlive.api.Refreshable;

/**
 * The refreshable names a bundle's components declare now ({@code @Refreshable(name)}, else the bundle's symbolic
 * name), as SCR read them from its descriptions: a bundle may hold several (a source folder of several components).
 */
final class DeclaredNames {
    private DeclaredNames() {
    }

    /** The names, or null when SCR cannot say (not there, or the bundle went on meanwhile). */
    static Set<String> of(BundleContext context, Bundle bundle) {
        try {
            return Scr.ask(context, scr -> {
                Set<String> names = new HashSet<>();
                for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(bundle)) {
                    Object n = d.properties == null ? null : d.properties.get(Refreshable.NAME_PROPERTY);
                    names.add(n == null || n.toString().isBlank() ? bundle.getSymbolicName() : n.toString());
                }
                return names;
            }, null);
        } catch (RuntimeException e) {
            return null; // the bundle went on meanwhile
        }
    }
}
