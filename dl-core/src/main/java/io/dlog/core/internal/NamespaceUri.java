package io.dlog.core.internal;

import io.dlog.protocol.InvalidArgumentException;
import java.net.URI;

/**
 * A parsed namespace URI, {@code dlog://host:port[,host:port]/path}.
 *
 * @param zkConnect the ZooKeeper connect string
 * @param path the namespace's znode path
 */
public record NamespaceUri(String zkConnect, String path) {

    /**
     * Parses and checks a namespace URI.
     *
     * @param uri the URI
     * @return the parts
     * @throws InvalidArgumentException if the scheme, hosts or path are missing or malformed
     */
    public static NamespaceUri parse(URI uri) throws InvalidArgumentException {
        if (uri == null || !"dlog".equals(uri.getScheme())) {
            throw new InvalidArgumentException("namespace URI must look like dlog://host:port/path, got " + uri);
        }
        String hosts = uri.getRawAuthority();
        if (hosts == null || hosts.isBlank()) {
            throw new InvalidArgumentException("namespace URI " + uri + " names no ZooKeeper host");
        }
        for (String hp : hosts.split(",")) {
            int colon = hp.lastIndexOf(':');
            if (colon <= 0 || colon == hp.length() - 1 || !hp.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                throw new InvalidArgumentException("namespace URI " + uri + ": '" + hp + "' is not host:port");
            }
        }
        String path = uri.getPath();
        if (path == null || path.length() < 2 || !path.startsWith("/") || path.endsWith("/") || path.contains("//")) {
            throw new InvalidArgumentException("namespace URI " + uri + " needs a path such as /my-namespace");
        }
        for (String part : path.substring(1).split("/")) {
            if (part.equals(".") || part.equals("..") || part.startsWith(".")) {
                throw new InvalidArgumentException("namespace URI " + uri + " has an invalid path element '" + part
                        + "'");
            }
        }
        return new NamespaceUri(hosts, path);
    }
}
