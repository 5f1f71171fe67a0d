package dev.doitlive.launcher;

import java.util.Hashtable;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.launch.Framework;

/**
 * {@code exit} and {@code exit N} in the interactive shell: stop the framework, the launcher then exits with N.
 * Without it {@code exit} finds only the shell profile's {@code system:exit(int)}, which fails without a
 * number and with one kills the JVM under the running framework. Scope {@code gogo}: the shell profile
 * searches it first.
 */
public final class ExitCommand {
    private final Framework framework;
    private final AtomicInteger status;

    private ExitCommand(Framework framework, AtomicInteger status) {
        this.framework = framework;
        this.status = status;
    }

    static ServiceRegistration<?> register(Framework framework, AtomicInteger status) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("osgi.command.scope", "gogo");
        props.put("osgi.command.function", new String[] {"exit"});
        BundleContext ctx = framework.getBundleContext();
        return ctx.registerService(Object.class, new ExitCommand(framework, status), props);
    }

    public void exit() throws BundleException {
        exit(0);
    }

    public void exit(int code) throws BundleException {
        status.set(code);
        framework.stop(); // returns at once: Felix stops on a thread of its own
    }
}
