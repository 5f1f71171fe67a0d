package dev.doitlive.console;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

import org.apache.felix.gogo.jline.Builtin;
import org.apache.felix.gogo.jline.Converters;
import org.apache.felix.gogo.jline.Posix;
import org.apache.felix.gogo.jline.Procedural;
import org.apache.felix.gogo.jline.Shell;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.Converter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * gogo.jline's commands (scope {@code gogo}: {@code help}, {@code ls}, {@code grep}, {@code each}, {@code history}...)
 * and converters, registered as its activator does; its activator is never run, since it would also run a
 * console of its own. Each class names its commands in a package-private {@code functions} field, read here so
 * that the list follows the gogo.jline version.
 */
final class GogoCommands {
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    GogoCommands(BundleContext context, CommandProcessor processor, Shell shell) {
        registrations.add(context.registerService(Converter.class.getName(),
                new Converters(context.getBundle(0).getBundleContext()), null));
        register(context, new Builtin());
        register(context, new Procedural());
        register(context, new Posix(processor));
        register(context, shell);
    }

    private void register(BundleContext context, Object commands) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(CommandProcessor.COMMAND_SCOPE, "gogo");
        props.put(CommandProcessor.COMMAND_FUNCTION, functions(commands.getClass()));
        registrations.add(context.registerService(commands.getClass().getName(), commands, props));
    }

    private static String[] functions(Class<?> type) {
        try {
            Field f = type.getDeclaredField("functions");
            f.setAccessible(true);
            return ((String[]) f.get(null)).clone();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(type.getName() + " does not name its commands as gogo.jline 1.1 does: " + e, e);
        }
    }

    void unregister() {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // gone with the bundle already
            }
        }
        registrations.clear();
    }
}
