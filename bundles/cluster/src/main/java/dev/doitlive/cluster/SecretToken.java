package dev.doitlive.cluster;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.function.Consumer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jgroups.Message;
import org.jgroups.auth.AuthToken;

/**
 * JGroups' AUTH token for a shared secret: a joiner sends the time and an HMAC-SHA256 over the stage's name and that
 * time, keyed by the secret; the leader admits it only if it computes the same from its own secret and the time is
 * within five minutes. The secret itself never travels. (JGroups 5 ships tokens for X.509 and Kerberos, none for a
 * plain shared secret; the token is this small.)
 */
public final class SecretToken extends AuthToken {
    private static final long WINDOW_MILLIS = 5 * 60_000;

    private final String cluster;
    private final byte[] key;
    private final Consumer<String> refused;
    /** What a joiner sent (on the leader's copy read from the wire). */
    private long time;
    private byte[] mac = new byte[0];

    /** For JGroups, which reads a joiner's token into a new instance. */
    public SecretToken() {
        this(null, null, l -> {
        });
    }

    SecretToken(String cluster, String secret, Consumer<String> refused) {
        this.cluster = cluster;
        this.key = secret == null ? null : secret.getBytes(StandardCharsets.UTF_8);
        this.refused = refused;
    }

    @Override
    public String getName() {
        return "dev.doitlive.cluster.SecretToken";
    }

    @Override
    public int size() {
        return Long.BYTES + Integer.BYTES + 32;
    }

    @Override
    public boolean authenticate(AuthToken token, Message msg) {
        if (token == this) {
            return true; // this node's own request, delivered to itself unserialized (a merge it leads)
        }
        boolean ok = token instanceof SecretToken t && Math.abs(System.currentTimeMillis() - t.time) < WINDOW_MILLIS
                && MessageDigest.isEqual(t.mac, mac(t.time));
        if (!ok) {
            refused.accept("cluster: refused " + (msg.src() == null ? "a member" : msg.src()) + ": it does not have the stage's secret");
        }
        return ok;
    }

    private byte[] mac(long at) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            m.update((cluster + "@" + at).getBytes(StandardCharsets.UTF_8));
            return m.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        long now = System.currentTimeMillis(); // each join its own time: an old join replayed is refused
        byte[] m = mac(now);
        out.writeLong(now);
        out.writeInt(m.length);
        out.write(m);
    }

    @Override
    public void readFrom(DataInput in) throws IOException {
        time = in.readLong();
        int n = in.readInt();
        if (n < 0 || n > 64) {
            throw new IOException("bad token");
        }
        mac = new byte[n];
        in.readFully(mac);
    }
}
