package dev.doitlive.launcher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One runtime per storage: an exclusive {@link FileLock} on {@value #FILE} in the storage, taken before anything
 * in the storage is read, written or wiped, and held until the framework has stopped. Two runtimes on one storage
 * would rewrite each other's histories and bundle cache. The holder writes its pid into the file so that a second
 * one can name it. The operating system drops the lock with the process, so a file left by a killed runtime
 * (kill -9, a crash) blocks nothing: the next start takes the lock and writes its own pid.
 */
final class StorageLock implements AutoCloseable {
    static final String FILE = "doitlive.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private StorageLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the storage's lock, or says in one line which process holds it. */
    static StorageLock acquire(Path storage) throws LaunchException {
        Path file = storage.resolve(FILE);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new LaunchException("storage " + storage + ": cannot open " + FILE + ": " + e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by another launcher in this JVM (tests start several)
        } catch (IOException e) {
            close(channel);
            throw new LaunchException("storage " + storage + ": cannot lock " + FILE + ": " + e);
        }
        if (lock == null) {
            String holder = holder(file);
            close(channel);
            throw new LaunchException("storage " + storage + " is in use by another doitlive runtime ("
                    + (holder.isEmpty() ? "pid unknown" : "pid " + holder)
                    + "); stop it first, or give this one another --storage");
        }
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(false);
        } catch (IOException e) {
            // The lock holds without the pid: a second runtime then says "pid unknown".
        }
        return new StorageLock(channel, lock);
    }

    /** The pid the holder wrote, or "" if it cannot be read. */
    private static String holder(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return text.matches("\\d{1,19}") ? text : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // released with the channel anyway
        }
        close(channel);
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing held any more
        }
    }
}
