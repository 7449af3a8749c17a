package io.dlog.core.internal.metadata;

import io.dlog.protocol.DLException;
import io.dlog.protocol.LogNotFoundException;
import org.apache.curator.framework.CuratorFramework;

/**
 * Proof that a planned metadata change still applies to the incarnation of the log it was planned on.
 *
 * <p>A log deleted and re-created under the same name gets znodes at the same paths with the same versions
 * (a new segment reaches the version the old one had), so compare-and-set on segment versions cannot tell two
 * incarnations apart. A guard is an ephemeral znode {@code <ns>/<log>/.guard-<uuid>} created <em>before</em> the
 * plan's reads; every change made from the plan is a transaction that also checks the guard. Deleting the log
 * deletes its guards, and a re-created log never has them, so a stale plan's transaction fails and changes
 * nothing; the guard also vanishes with its creator's session, so a plan made before a session expiry cannot be
 * applied after it. {@link LogMetadataStore#dropGuard} removes it when the change is done.
 *
 * @param log the log
 * @param path the guard znode
 */
public record IncarnationGuard(String log, String path) {

    /**
     * Fails if a guard's log incarnation has ended (the guard znode is gone).
     *
     * @param zk the namespace's client
     * @param guard the guard, or null (no check)
     * @param since what happened under the guard and what was not done, for the message
     * @throws LogNotFoundException if the log was deleted (and perhaps re-created) since the guard was taken
     */
    static void check(CuratorFramework zk, IncarnationGuard guard, String since) throws DLException {
        if (guard == null) {
            return;
        }
        try {
            if (zk.checkExists().forPath(guard.path()) == null) {
                throw new LogNotFoundException("log " + guard.log() + " was deleted (and perhaps re-created) since "
                        + since);
            }
        } catch (DLException e) {
            throw e;
        } catch (Exception e) {
            throw ZkErrors.map(e, "check guard of " + guard.log());
        }
    }
}
