package dev.doitlive.api;

import org.osgi.dto.DTO;

/** One version of a refreshable in its history. */
public class VersionDTO extends DTO {
    /** How a version ended, or that it is live. */
    public enum Status {
        LIVE, REPLACED, REVERTED, FAILED
    }

    public long seq;
    public String bundleVersion;
    /** When the version first went live (or failed), epoch milliseconds. */
    public long time;
    /** SHA-256 of the bundle's content, hex. */
    public String checksum;
    /** Size of the stored bundle in bytes. */
    public long size;
    public Status status;
    /** Why it failed, or null. */
    public String reason;
    /** Whether its bytes are kept, so that {@code revert --to} can go there. */
    public boolean revertable;
}
