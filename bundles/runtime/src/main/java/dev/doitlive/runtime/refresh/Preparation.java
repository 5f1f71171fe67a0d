package dev.doitlive.runtime.refresh;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.doitlive.api.RefreshHooks;
import dev.doitlive.api.VersionDTO;
import dev.doitlive.runtime.report.Failures;
import dev.doitlive.runtime.transfer.StateTransfer;

/**
 * Preparation (DESIGN.md, the life of a refresh, step 2): what is done for a swap before anyone waits. The old
 * instance's {@code preRefresh} runs, the transfer is worked out (plans, constructors, accessors), and when the swap
 * goes back to the version a failed candidate replaced on probation, the fields that candidate never really had are
 * given back to the new instance from that version as it was. The gate then only has to copy.
 */
final class Preparation {
    /** A swap worked out; {@code back}: it goes back to {@code cameFrom}, the version the live one replaced. */
    record Prepared(StateTransfer.Prepared transfer, Version cameFrom, boolean back, List<String> givenBack) {
    }

    private Preparation() {
    }

    /** Swap thread; {@code same}: the live version's own bytes again (a restore or a reload). */
    static Prepared prepare(Lifecycle lifecycle, LiveRefreshable live, Version prev, Version next, boolean same) {
        preRefresh(lifecycle, live, prev);
        return plan(lifecycle, live, prev, next, same);
    }

    /** The old instance's {@code preRefresh}: right before its swap (a held version's at its landing, not when held). */
    static void preRefresh(Lifecycle lifecycle, LiveRefreshable live, Version prev) {
        if (prev.instance instanceof RefreshHooks hooks) {
            try {
                hooks.preRefresh();
            } catch (Throwable t) {
                String line = live.name + ": preRefresh() threw " + Failures.describe(Failures.root(t)) + "; the refresh goes on";
                lifecycle.say(line);
                live.error("preRefresh", line, t);
            }
        }
    }

    /** What reads no state: done before callers are held, or when a version is held for its beat. */
    static Prepared plan(Lifecycle lifecycle, LiveRefreshable live, Version prev, Version next, boolean same) {
        // Back to the version the failing (or reverted) one replaced while on probation: what it never really had
        // comes back as it was, and nothing it did can keep that version out.
        Version cameFrom = prev.cameFrom;
        boolean back = cameFrom != null && !same && cameFrom.content.checksum.equals(next.content.checksum);
        boolean lenient = back || live.restoring != null || live.endOfCurrent == VersionDTO.Status.FAILED;
        Set<String> skip = next.injectedFields;
        List<String> givenBack = List.of();
        if (back && !prev.untaken.isEmpty()) {
            skip = new HashSet<>(skip);
            skip.addAll(prev.untaken);
            if (cameFrom.instance != next.instance) { // a swap-back's target is that very instance: it has them still
                givenBack = StateTransfer.giveBack(cameFrom.instance, cameFrom.model, next.instance, next.model, prev.untaken,
                        next.injectedFields, lifecycle.strategies());
            }
        }
        // Everything that does not read the state is done before callers are held: they wait only for the copy.
        StateTransfer.Prepared transfer = StateTransfer.prepare(prev.instance, prev.model, next.instance, next.model,
                skip, next.settings.autoNone(), lifecycle.strategies(), lenient);
        if (same) {
            transfer.withoutMigrate(); // the same bytes: nothing to reshape
        }
        return new Prepared(transfer, cameFrom, back, givenBack);
    }
}
