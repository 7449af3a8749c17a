package io.dlog.proxy.write.internal.ownership;

import java.util.regex.Pattern;

/** Tells a proxy's {@code host:port} lock owner from other owners (an embedded writer names itself differently). */
public final class OwnerAddresses {
    private static final Pattern HOST_PORT = Pattern.compile("^[A-Za-z0-9._\\-]+:[0-9]{1,5}$");

    private OwnerAddresses() {
    }

    /**
     * Says whether a lock owner is a proxy address a client can be sent to.
     *
     * @param owner the owner as written in the lock znode
     * @return true for {@code host:port}
     */
    public static boolean isProxyAddress(String owner) {
        return owner != null && HOST_PORT.matcher(owner).matches();
    }
}
