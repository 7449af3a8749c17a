package io.dlog.core.testing;

import io.dlog.core.Namespace;
import io.dlog.core.internal.NamespaceImpl;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.listen.ListenerManager;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.Testable;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * Expires a namespace's ZooKeeper session from the client side with ZooKeeper's test hook: the client learns at
 * once that its session is gone and drops its connection; the server expires the session (and its ephemeral
 * znodes) one session timeout later.
 *
 * <p>The hook alone ({@code injectSessionExpiration()}) hands the client an Expired event while it is connected,
 * which a real ZooKeeper client does not do: it reports Disconnected when it loses the server, and Expired only
 * later, when it reconnects and hears the session is gone (or when its own session timer runs out, which comes after
 * its connection timer, unless the client was frozen past both). Curator 5.9 has a race on exactly that sequence:
 * its {@code ConnectionState.process} reads "was connected" before handling Expired, opens the replacement ZooKeeper
 * handle while handling it, and only then writes "not connected" because the state changed. If the new handle's
 * SyncConnected is handled in between (a loaded machine), that late write undoes it: Curator believes it is
 * disconnected while its new handle is connected. The old handle's LOST then also lands after the new handle's
 * RECONNECTED, so the {@code ConnectionStateManager} stays in LOST, where neither of its repairs applies (LOST while
 * connected; SUSPENDED past the session timeout), and every background call gives up with CONNECTIONLOSS for good. A
 * Disconnected queued ahead of the Expired, on the same event thread, makes the injected expiry look like a real
 * one: "was connected" is then false, there is no late write, and Curator reconnects every time.
 *
 * <p>Thread-safe: each call acts on the handle the client has at that moment.
 */
public final class SessionExpiry {
    private SessionExpiry() {
    }

    /**
     * Expires the session of a namespace's Curator client.
     *
     * @param ns a namespace opened by dl-core
     * @return the id of the session that was expired
     * @throws Exception if Curator cannot hand out its ZooKeeper handle
     */
    public static long inject(Namespace ns) throws Exception {
        return inject(((NamespaceImpl) ns).store().curator());
    }

    /**
     * Expires the session of a Curator client.
     *
     * @param curator a started Curator client
     * @return the id of the session that was expired
     * @throws Exception if Curator cannot hand out its ZooKeeper handle
     */
    public static long inject(CuratorFramework curator) throws Exception {
        ZooKeeper zk = curator.getZookeeperClient().getZooKeeper();
        long session = zk.getSessionId();
        Testable hook = zk.getTestable();
        // One event thread delivers both, in this order, so Curator has seen the disconnection before the expiry.
        hook.queueEvent(new WatchedEvent(Watcher.Event.EventType.None, Watcher.Event.KeeperState.Disconnected, null));
        hook.injectSessionExpiration();
        return session;
    }

    /**
     * Hands {@link ConnectionState#LOST} to every connection-state listener of a namespace's Curator client, on the
     * calling thread (for listeners added without an executor, as dl-core adds its own), whatever the client's session
     * is: the late LOST of an earlier session, which Curator 5.9 can deliver after the new session's RECONNECTED (see
     * the class comment). The client's own state is untouched.
     *
     * @param ns a namespace opened by dl-core
     */
    public static void deliverLost(Namespace ns) {
        CuratorFramework curator = ((NamespaceImpl) ns).store().curator();
        // Curator hands out its listener manager as a Listenable; the manager is what can reach the listeners.
        @SuppressWarnings("unchecked")
        ListenerManager<ConnectionStateListener, ConnectionStateListener> listeners =
                (ListenerManager<ConnectionStateListener, ConnectionStateListener>) curator
                        .getConnectionStateListenable();
        listeners.forEach(l -> l.stateChanged(curator, ConnectionState.LOST));
    }
}
