package dev.doitlive.source;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * New versions of a live API and of the sources that use it, installed as one step: every bundle is stopped (for
 * now), updated, then all of them are refreshed by ONE {@link FrameworkWiring#refreshBundles} (so that no importer
 * is ever wired to the old API and started with the new one, and the runtime sees one group), then started, the API
 * first. This is what FileInstall does for the jars of one scan; doing it for a group keeps the importers from
 * being refreshed once with their old code and again with their new.
 */
final class Together {
    /** How long the framework may take to refresh the group before the bundles are started anyway. */
    private static final long REFRESH_WAIT_SECONDS = 30;

    /** One bundle's new bytes, and the source (file or folder) they were built from. */
    record Update(Bundle bundle, byte[] bytes, Path source) {
    }

    private final BundleContext context;
    private final SourceBuilder builder;

    Together(BundleContext context, SourceBuilder builder) {
        this.context = context;
        this.builder = builder;
    }

    /** @return the updates whose bundle was updated and started */
    List<Update> install(List<Update> updates) {
        List<Update> done = new ArrayList<>();
        List<Bundle> bundles = new ArrayList<>();
        for (Update u : updates) {
            try {
                if (u.bundle().getState() == Bundle.ACTIVE || u.bundle().getState() == Bundle.STARTING) {
                    u.bundle().stop(Bundle.STOP_TRANSIENT); // not persistently: it starts again below
                }
                u.bundle().update(new ByteArrayInputStream(u.bytes()));
                done.add(u);
                bundles.add(u.bundle());
            } catch (BundleException | IllegalStateException e) {
                builder.reportLine(u.source(), u.source().getFileName() + ": its bundle cannot be updated: " + e.getMessage());
            }
        }
        refresh(bundles);
        List<Update> started = new ArrayList<>();
        for (Update u : done) {
            if (Starts.startOrSay(context, u.bundle(), u.source(), u.source().getFileName().toString(), builder)) {
                started.add(u);
            }
        }
        return started;
    }

    private void refresh(List<Bundle> bundles) {
        if (bundles.isEmpty()) {
            return;
        }
        CountDownLatch refreshed = new CountDownLatch(1);
        FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        wiring.refreshBundles(bundles, event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.countDown();
            }
        });
        try {
            refreshed.await(REFRESH_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping: the bundles are started by whoever starts again
        }
    }
}
