package dev.doitlive.runtime.refresh;

import java.util.function.Function;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/** One question to Declarative Services' runtime, the service got and given back around it. */
final class Scr {
    private Scr() {
    }

    /** What {@code question} answers, or {@code none} when SCR is not there; what the question throws is the caller's. */
    static <T> T ask(BundleContext context, Function<ServiceComponentRuntime, T> question, T none) {
        ServiceReference<ServiceComponentRuntime> ref = context.getServiceReference(ServiceComponentRuntime.class);
        ServiceComponentRuntime scr = ref == null ? null : context.getService(ref);
        if (scr == null) {
            return none;
        }
        try {
            return question.apply(scr);
        } finally {
            context.ungetService(ref);
        }
    }
}
