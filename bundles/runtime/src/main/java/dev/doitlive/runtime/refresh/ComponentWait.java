package dev.doitlive.runtime.refresh;

import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * Why a started bundle's component has not registered its service, as SCR has it: a reference no service
 * matches, a configuration it requires, or the component disabled. Said in the line of a version whose service
 * never appeared, which otherwise could only say that it did not.
 */
final class ComponentWait {
    private ComponentWait() {
    }

    /** "its component t.P waits for reference 'nobody' (java.util.concurrent.ThreadFactory): no such service", or null. */
    static String of(BundleContext context, Bundle bundle) {
        try {
            return Scr.ask(context, scr -> {
                List<String> why = new ArrayList<>();
                for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(bundle)) {
                    if (!scr.isComponentEnabled(d)) {
                        why.add("its component " + d.name + " is disabled");
                        continue;
                    }
                    for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                        why.addAll(waits(d, c));
                    }
                }
                return why.isEmpty() ? null : String.join("; ", why);
            }, null);
        } catch (RuntimeException e) {
            return null; // the bundle went on meanwhile
        }
    }

    private static List<String> waits(ComponentDescriptionDTO d, ComponentConfigurationDTO c) {
        List<String> why = new ArrayList<>();
        if (c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
            for (UnsatisfiedReferenceDTO u : c.unsatisfiedReferences) {
                why.add("its component " + d.name + " waits for reference '" + u.name + "' (" + interfaceOf(d, u.name)
                        + (u.target == null ? "" : " " + u.target) + "): no such service");
            }
        } else if (c.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION) {
            why.add("its component " + d.name + " waits for its configuration (" + String.join(", ", d.configurationPid) + ")");
        }
        return why;
    }

    private static String interfaceOf(ComponentDescriptionDTO d, String reference) {
        for (ReferenceDTO r : d.references) {
            if (r.name.equals(reference)) {
                return r.interfaceName;
            }
        }
        return "?";
    }
}
