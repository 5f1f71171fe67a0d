package dev.doitlive.source;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.List;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * {@code help live:new}. Gogo's two helps ({@code felix:help}, in a script; {@code gogo:help}, gogo.jline's, on a
 * terminal) find a command's methods by the command's name and print each method's name: a Java method cannot be
 * named {@code new} (Gogo calls {@code _new} for it), so one says it finds nothing and the other prints {@code _new}
 * once per method. Registered in front of both (the same scope and name, a higher {@code service.ranking}), this
 * answers {@code help live:new} with live:new's usage and hands every other {@code help} to the one it stands in front
 * of.
 */
@Component(immediate = true, service = {})
public class NewHelp {
    static final String COMMAND = "live:new";
    private static final String[] SCOPES = {"felix", "gogo"};

    private BundleContext context;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Activate
    void activate(BundleContext context) {
        this.context = context;
        for (String scope : SCOPES) {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put(CommandProcessor.COMMAND_SCOPE, scope);
            props.put(CommandProcessor.COMMAND_FUNCTION, new String[] {"help"});
            props.put(Constants.SERVICE_RANKING, 1);
            registrations.add(context.registerService(Scoped.class, new Scoped(scope), props));
        }
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // gone with the bundle already
            }
        }
        registrations.clear();
    }

    /** The help of one scope, as Gogo calls it. */
    public final class Scoped {
        private final String scope;

        Scoped(String scope) {
            this.scope = scope;
        }

        @Descriptor("displays available commands")
        public Object help(CommandSession session) throws Exception {
            return delegate(session, scope, null);
        }

        @Descriptor("displays information about a specific command")
        public Object help(CommandSession session, @Descriptor("target command") String name) throws Exception {
            if (COMMAND.equals(name)) {
                return NewCommand.USAGE;
            }
            return delegate(session, scope, name);
        }
    }

    /** Calls the help this one stands in front of: of the same scope if there is one, else any other. */
    private Object delegate(CommandSession session, String scope, String name) throws Exception {
        ServiceReference<?>[] refs;
        try {
            refs = context.getServiceReferences((String) null, "(&(" + CommandProcessor.COMMAND_FUNCTION + "=help)("
                    + CommandProcessor.COMMAND_SCOPE + "=*))");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<ServiceReference<?>> others = new ArrayList<>();
        for (ServiceReference<?> ref : refs == null ? new ServiceReference<?>[0] : refs) {
            if (registrations.stream().noneMatch(r -> r.getReference().equals(ref))) {
                others.add(ref);
            }
        }
        // Same scope first, then the highest ranking (ServiceReference orders by ranking, then age).
        others.sort(Comparator.<ServiceReference<?>, Boolean>comparing(r -> !scope.equals(r.getProperty(CommandProcessor.COMMAND_SCOPE)))
                .thenComparing(Comparator.reverseOrder()));
        for (ServiceReference<?> ref : others) {
            Object target = context.getService(ref);
            if (target == null) {
                continue;
            }
            try {
                Method m = helpMethod(target.getClass(), name != null);
                if (m == null) {
                    continue;
                }
                List<Object> args = new ArrayList<>();
                if (m.getParameterCount() > 0 && m.getParameterTypes()[0] == CommandSession.class) {
                    args.add(session);
                }
                if (name != null) {
                    args.add(name);
                }
                return m.invoke(target, args.toArray());
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof Exception x ? x : new IllegalStateException(e.getCause());
            } finally {
                context.ungetService(ref);
            }
        }
        throw new IllegalStateException("help: no help command of Gogo's is installed to answer" + (name == null ? "" : " for " + name));
    }

    /** {@code help([CommandSession,] String)} for a command, {@code help([CommandSession])} for the list. */
    private static Method helpMethod(Class<?> type, boolean named) {
        return Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals("help"))
                .filter(m -> {
                    List<Class<?>> p = new ArrayList<>(List.of(m.getParameterTypes()));
                    if (!p.isEmpty() && p.get(0) == CommandSession.class) {
                        p.remove(0);
                    }
                    return named ? p.equals(List.of(String.class)) : p.isEmpty();
                })
                .findFirst().orElse(null);
    }
}
