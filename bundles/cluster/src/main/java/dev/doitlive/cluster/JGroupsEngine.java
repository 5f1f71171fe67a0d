package dev.doitlive.cluster;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.MergeView;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.logging.LogFactory;
import org.jgroups.protocols.ASYM_ENCRYPT;
import org.jgroups.protocols.AUTH;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.FRAG4;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.MFC;
import org.jgroups.protocols.MPING;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.protocols.pbcast.STATE_TRANSFER;
import org.jgroups.stack.Protocol;
import org.jgroups.util.NameCache;

/**
 * The {@link Engine} on JGroups: TCP on the configured address with a member list (TCPPING), or multicast discovery
 * (MPING); failure detection by socket and heartbeat; merging after a split (MERGE3); ordered, reliable delivery
 * (NAKACK2, UNICAST3); state transfer to a joiner; and security: AUTH refuses a member without the shared secret
 * ({@link SecretToken}) and ASYM_ENCRYPT encrypts all traffic with a group key handed to each admitted member under
 * its public key. The stack is built in code, not from XML: what runs is what this class says.
 */
final class JGroupsEngine implements Engine {
    static {
        LogFactory.setCustomLogFactory(new QuietLog.Factory()); // before any JGroups class makes its log
    }

    private final Settings settings;
    private final Consumer<String> refused;
    private final Map<String, Address> byName = new ConcurrentHashMap<>();
    private volatile JChannel channel;
    /** Set when this node joined under a name a member holds: the line that says so. */
    private volatile String taken;
    /** Newcomers under a taken name this node (the leader) has said a line about. */
    private final java.util.Set<Address> twins = ConcurrentHashMap.newKeySet();

    /** @param refused told one line when a member without the secret is refused (on the leader) */
    JGroupsEngine(Settings settings, Consumer<String> refused) {
        this.settings = settings;
        this.refused = refused;
    }

    @Override
    public void join(Listener listener) throws Exception {
        TCP tcp = new TCP();
        tcp.setBindAddress(settings.bind().getAddress());
        tcp.setBindPort(settings.bind().getPort());
        tcp.setPortRange(0);
        tcp.logAcceptError(true); // a connection that is no member's (garbage bytes) is one line, through QuietLog
        Protocol discovery;
        if (settings.multicast() != null) {
            MPING mping = new MPING();
            mping.setMcastAddr(settings.multicast().getAddress());
            mping.setMcastPort(settings.multicast().getPort());
            mping.setBindAddr(settings.bind().getAddress());
            discovery = mping;
        } else {
            TCPPING ping = new TCPPING();
            ping.setInitialHosts(settings.members());
            ping.setPortRange(0);
            discovery = ping;
        }
        MERGE3 merge = new MERGE3();
        merge.setValue("min_interval", 1000L);
        merge.setValue("max_interval", 3000L);
        FD_SOCK2 fdSock = new FD_SOCK2();
        fdSock.setValue("offset", 100); // its server socket at the bind port + 100 (the default, 50000, leaves the port range)
        fdSock.setValue("port_range", 0);
        FD_ALL3 fdAll = new FD_ALL3();
        fdAll.setValue("timeout", 6000L);
        fdAll.setValue("interval", 1000L);
        VERIFY_SUSPECT2 verify = new VERIFY_SUSPECT2();
        verify.setValue("timeout", 500L);
        ASYM_ENCRYPT encrypt = new ASYM_ENCRYPT();
        // The group key only keeps out who lacks the secret; a node that left has it and may join again, so a new key
        // when a node or the leader leaves protects nothing here, and each change is a window in which members drop one
        // another's messages (seen under load: the two of a majority put each other out of view as the third left).
        encrypt.setChangeKeyOnLeave(false);
        encrypt.setValue("change_key_on_coord_leave", false);
        AUTH auth = new AUTH();
        auth.setAuthToken(new SecretToken(settings.cluster(), settings.secret(), refused));
        GMS gms = new GMS();
        gms.setJoinTimeout(2000);
        gms.setValue("print_local_addr", false);
        gms.setValue("max_join_attempts", 3);
        channel = new JChannel(tcp, discovery, merge, fdSock, fdAll, verify, encrypt, new NAKACK2(), new UNICAST3(), new STABLE(),
                auth, gms, new MFC(), new FRAG4(), new STATE_TRANSFER());
        channel.name(settings.node());
        channel.setReceiver(new Receiver() {
            @Override
            public void receive(Message msg) {
                if (taken != null) {
                    return; // on its way out: nothing of the stage's is for it
                }
                byte[] copy = new byte[msg.getLength()];
                System.arraycopy(msg.getArray(), msg.getOffset(), copy, 0, copy.length);
                listener.received(nameOf(msg.src()), copy);
            }

            @Override
            public void viewAccepted(View view) {
                Map<String, Address> named = distinct(view);
                if (taken != null) {
                    return; // this node leaves at once: the stage never hears of it
                }
                byName.clear();
                byName.putAll(named);
                listener.members(new ArrayList<>(named.keySet()), view instanceof MergeView);
            }

            @Override
            public void getState(OutputStream out) throws Exception {
                out.write(listener.snapshot());
            }

            @Override
            public void setState(InputStream in) throws Exception {
                listener.snapshot(in.readAllBytes());
            }
        });
        try {
            channel.connect(settings.cluster());
        } catch (Exception e) {
            channel.close();
            throw refusal(e);
        }
        String t = taken;
        if (t != null) { // admitted, but under a name a member holds: off again before the stage hears of it
            channel.close();
            throw new Refused(t);
        }
    }

    /** What a failed connect means to the user, in our words where it is a case they can act on. */
    private Exception refusal(Exception e) {
        if (e instanceof SecurityException) {
            return new Refused("refused by stage " + settings.cluster() + " (authentication failed): this node's secret is not the stage's");
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.net.BindException) {
                InetSocketAddress b = settings.bind();
                String host = b.getAddress().getHostAddress();
                // The transport's port, or the failure detector's (the port + 100): whichever cannot be had now.
                int port = free(b.getAddress(), b.getPort()) ? b.getPort() + 100 : b.getPort();
                return new Refused(host + ":" + port + " is in use (another runtime on this port?)"
                        + (port == b.getPort() ? "" : ": the failure detector listens on the bind port + 100"));
            }
        }
        return e;
    }

    private static boolean free(java.net.InetAddress address, int port) {
        try (java.net.ServerSocket s = new java.net.ServerSocket(port, 1, address)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /**
     * The view's members, each name once, with the address that stands for it. A later member under a name an earlier one
     * holds is not given to the stage: this node, when it is that later one, sets {@link #taken}; the leader says one line
     * for each such newcomer. But a later member at the holder's own transport address (which two processes cannot both
     * listen on) is that node joined again, after a split it saw and the others did not, while its old self stays in their
     * view until failure detection removes it: the name stands for the newer one, and nobody is refused.
     */
    private Map<String, Address> distinct(View view) {
        Map<String, Address> first = new java.util.LinkedHashMap<>();
        boolean leading = channel.getAddress() != null && channel.getAddress().equals(view.getCoord());
        for (Address a : view.getMembers()) {
            String n = nameOf(a);
            Address holder = first.putIfAbsent(n, a);
            if (holder == null) {
                continue;
            }
            if (sameNode(holder, a)) {
                first.put(n, a);
            } else if (a.equals(channel.getAddress())) {
                taken = "node name " + n + " is taken on stage " + settings.cluster() + " (by " + physical(holder)
                        + "): give this node another node = ... in " + Settings.FILE;
            } else if (leading && twins.add(a)) {
                refused.accept("cluster: refused node " + n + " at " + physical(a) + ": the name is taken on stage " + settings.cluster()
                        + " (by " + physical(holder) + "); it runs alone, off the stage, until it has another node = ...");
            }
        }
        twins.retainAll(view.getMembers());
        return first;
    }

    /** Whether two members listen at the same transport address: one node, before and after it joined again. */
    private boolean sameNode(Address older, Address newer) {
        InetSocketAddress o = address(older);
        return o != null && o.equals(address(newer));
    }

    /** A member's address and port ("127.0.0.1:7811"), or "?" before the transport knows it. */
    private String physical(Address a) {
        InetSocketAddress s = address(a);
        return s == null ? "?" : s.getAddress().getHostAddress() + ":" + s.getPort();
    }

    private InetSocketAddress address(Address a) {
        JChannel c = channel;
        Object p = c == null || a == null ? null : c.down(new org.jgroups.Event(org.jgroups.Event.GET_PHYSICAL_ADDRESS, a));
        return p instanceof org.jgroups.stack.IpAddress ip ? new InetSocketAddress(ip.getIpAddress(), ip.getPort()) : null;
    }

    @Override
    public InetSocketAddress address(String member) {
        return member.equals(self()) ? settings.bind() : address(byName.get(member));
    }

    /**
     * A minority does not wait for MERGE3 to merge the halves of a split (it may, once they see each other again; a half
     * whose group key differs from the other's drops what it sends): a fresh join (key exchange, AUTH) gets it back in.
     */
    @Override
    public void rejoin() throws Exception {
        channel.disconnect();
        taken = null;
        channel.connect(settings.cluster());
        String t = taken;
        if (t != null) { // a member holds its name now: apart again, and the line says why (the next try may find it gone)
            channel.disconnect();
            taken = null;
            throw new Refused(t);
        }
    }

    private static String nameOf(Address a) {
        String n = a == null ? null : NameCache.get(a);
        return n == null ? String.valueOf(a) : n;
    }

    @Override
    public String self() {
        return settings.node();
    }

    @Override
    public boolean send(String to, byte[] message) {
        JChannel c = channel;
        if (c == null || !c.isConnected()) {
            return false;
        }
        Address dest = to == null ? null : byName.get(to);
        if (to != null && dest == null) {
            return false; // not a member (any more)
        }
        try {
            c.send(new BytesMessage(dest, message));
            return true;
        } catch (Exception e) {
            return false; // not joined (any more): the membership change says so
        }
    }

    @Override
    public void askSnapshot(String from) {
        try {
            channel.getState(from == null ? null : byName.get(from), 30_000);
        } catch (Exception e) {
            // the leader went meanwhile: the next membership change asks again
        }
    }

    @Override
    public String describe() {
        InetSocketAddress b = settings.bind();
        return "JGroups " + org.jgroups.Version.printVersion() + ", TCP on " + b.getAddress().getHostAddress() + ":" + b.getPort()
                + (settings.multicast() != null ? ", multicast discovery on " + settings.multicast().getAddress().getHostAddress() + ":"
                        + settings.multicast().getPort() : ", members " + members())
                + ", AUTH (shared secret) and ASYM_ENCRYPT";
    }

    private String members() {
        List<String> m = new ArrayList<>();
        settings.members().forEach(a -> m.add(a.getAddress().getHostAddress() + ":" + a.getPort()));
        return String.join(", ", m);
    }

    /** The channel, for a test that cuts its stack as a network would. */
    JChannel channel() {
        return channel;
    }

    @Override
    public void close() {
        JChannel c = channel;
        if (c != null) {
            c.close();
        }
    }
}
