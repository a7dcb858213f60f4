package io.paddock.process;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.zookeeper.client.HostProvider;

/**
 * A {@link HostProvider} for the official client that tries the servers in the order given,
 * starting with the first, instead of the shuffled order of its StaticHostProvider: a test can
 * put a client on a node of its choosing and know where it goes when that node is lost. Called
 * only from the client's send thread. Invariant: {@code next} cycles through every server, and
 * waits {@code spinDelay} (as StaticHostProvider does) only after a full round without a
 * connection, so a client never spins on refused connections.
 */
final class OrderedHosts implements HostProvider {
    private final List<InetSocketAddress> servers;
    private int next;
    private int triedSinceConnected;

    OrderedHosts(List<Integer> ports) {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (int port : ports) {
            addresses.add(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }
        this.servers = List.copyOf(addresses);
    }

    @Override
    public int size() {
        return servers.size();
    }

    @Override
    public InetSocketAddress next(long spinDelay) {
        if (triedSinceConnected >= servers.size() && spinDelay > 0) {
            try {
                // The client's own back-off between rounds of failed connections, not a wait for a condition.
                Thread.sleep(spinDelay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            triedSinceConnected = 0;
        }
        InetSocketAddress server = servers.get(next);
        next = (next + 1) % servers.size();
        triedSinceConnected++;
        return server;
    }

    @Override
    public void onConnected() {
        triedSinceConnected = 0;
    }

    @Override
    public boolean updateServerList(Collection<InetSocketAddress> serverAddresses, InetSocketAddress currentHost) {
        return false;
    }
}
