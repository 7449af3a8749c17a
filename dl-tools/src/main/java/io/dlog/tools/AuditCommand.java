package io.dlog.tools;

import io.dlog.protocol.StatusCode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dlog audit}: will match BookKeeper ledgers to segment metadata and report (and with {@code --delete},
 * remove) orphans. dl-core has no audit service yet, so this fails with NOT_IMPLEMENTED (exit 6) and checks
 * nothing, rather than print a result it did not compute.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Find ledgers no segment refers to (orphans); --delete removes them after confirmation.",
            "Not implemented yet: exits 6."})
final class AuditCommand implements Callable<Integer> {

    @Option(names = "--delete", description = "Delete the orphan ledgers found (asks; --force to skip).")
    boolean delete;

    @Option(names = "--force", description = "Do not ask for confirmation.")
    boolean force;

    @Override
    public Integer call() throws CliException {
        throw new CliException(StatusCode.NOT_IMPLEMENTED, "audit is not implemented yet: dl-core has no ledger "
                + "audit service; nothing was checked");
    }
}
