package dev.doitlive.console;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Job;

/**
 * Ctrl-C while a command runs. Gogo's own way, {@code job.interrupt()}, cancels the job: the thread that waits for
 * its commands gives up at once with an InterruptedException, and whatever the command ends with a moment later is
 * dropped. A {@code live:call} that spins in a refreshable's loop is stopped by the runtime once its thread is
 * interrupted, and on probation answered by the reverted version: that answer was lost behind
 * {@code InterruptedException}. So the first Ctrl-C interrupts only the threads that run the command itself, and the
 * command ends as it does when interrupted, its answer or its failure printed like any; a second Ctrl-C on the same
 * command cancels the job as Gogo does, for a command that does not heed interrupts.
 *
 * <p>A thread in a call of a refreshable's code is not interrupted at all: the runtime stops that call at its loop's
 * next turn ({@code stopCall}, its service). Gogo writes what a command prints through an interruptible channel,
 * and an interrupt that finds the thread writing closes the channel, and with it the terminal under it: a call that
 * printed as it spun left a console that showed nothing any more.
 *
 * <p>The command's threads are found by their thread group: Gogo runs a session's commands on a pool of its own
 * whose threads are made in the group of the thread that created the session ({@link #create}), and a thread of it
 * runs a command while {@code org.apache.felix.gogo.runtime.Pipe} is on its stack. With a job in the background too
 * (typed with {@code &}), whose threads cannot be told apart, Gogo's way is taken at once.
 */
final class CommandThreads {
    private static final String PIPE = "org.apache.felix.gogo.runtime.Pipe";

    private final ThreadGroup group = new ThreadGroup("doitlive console commands");
    /** How long a command may take to end after the first Ctrl-C before the console says it goes on. */
    static final long GOES_ON_MS = 3000;
    static final String GOES_ON = "console: the command has not ended 3 s after Ctrl-C (it does not heed interrupts, or"
            + " loops outside a refreshable's code?); Ctrl-C again gives the prompt back, the command running on";

    /** Stops the call a thread is in, in a refreshable's code, without an interrupt; false when it is in none. */
    private final Predicate<Thread> stopCall;
    /** Where the console's own lines go (above the prompt). */
    private final Consumer<String> say;
    private Job interrupted;
    /** The job a second Ctrl-C cancelled (its prompt given back). */
    private Job cancelled;

    CommandThreads(Predicate<Thread> stopCall, Consumer<String> say) {
        this.stopCall = stopCall;
        this.say = say;
    }

    /** Creates the session on a thread of this group, so that the threads of its commands are in it too. */
    CommandSession create(Supplier<CommandSession> session) {
        FutureTask<CommandSession> task = new FutureTask<>(session::get);
        Thread t = new Thread(group, task, "doitlive console session");
        t.start();
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the console's session", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** Ctrl-C: the foreground job's command threads are interrupted, or on a second time the job cancelled. */
    synchronized void ctrlC(CommandSession session) {
        Job job = session.foregroundJob();
        if (job == null) {
            return;
        }
        List<Thread> running = job == interrupted || session.jobs().size() > 1 ? List.of() : running();
        if (running.isEmpty()) {
            job.interrupt();
            cancelled = job;
        } else {
            for (Thread t : running) {
                if (!stopCall.test(t)) {
                    t.interrupt();
                }
            }
            sayIfItGoesOn(job);
        }
        interrupted = job;
    }

    /** A first Ctrl-C that does not end the command would otherwise show nothing but {@code ^C}. */
    private void sayIfItGoesOn(Job job) {
        CompletableFuture.runAsync(() -> {
            boolean goesOn;
            synchronized (this) {
                goesOn = job.status() != Job.Status.Done && cancelled != job;
            }
            if (goesOn) {
                say.accept(GOES_ON);
            }
        }, CompletableFuture.delayedExecutor(GOES_ON_MS, TimeUnit.MILLISECONDS));
    }

    /** The threads of the group running a command now. */
    List<Thread> running() {
        Thread[] threads = new Thread[group.activeCount() + 8];
        int n = group.enumerate(threads);
        List<Thread> running = new ArrayList<>();
        for (Thread t : Arrays.asList(threads).subList(0, n)) {
            if (Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getClassName().equals(PIPE))) {
                running.add(t);
            }
        }
        return running;
    }
}
