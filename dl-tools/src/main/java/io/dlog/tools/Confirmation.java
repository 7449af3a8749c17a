package io.dlog.tools;

import io.dlog.protocol.StatusCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The guard of destructive commands: {@code --force} goes ahead; otherwise a terminal user is asked, and
 * anything else is refused (exit 5), so a script never deletes data by accident.
 */
final class Confirmation {
    private Confirmation() {
    }

    /**
     * Goes ahead only when forced or confirmed.
     *
     * @param env the streams; the question goes to stderr and the answer comes from stdin
     * @param force whether --force was given
     * @param question what is about to happen, e.g. "delete log 'orders' and its 12 segments"
     * @throws CliException REQUEST_DENIED (exit 5) when not confirmed
     */
    static void require(CliEnvironment env, boolean force, String question) throws CliException {
        if (force) {
            return;
        }
        if (!env.interactive()) {
            throw new CliException(StatusCode.REQUEST_DENIED, "refusing to " + question
                    + " without confirmation: stdin is not a terminal; add --force");
        }
        env.err().print("dlog: " + question + "? [y/N] ");
        env.err().flush();
        String answer;
        try {
            answer = new BufferedReader(new InputStreamReader(env.in(), StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            answer = null;
        }
        String a = answer == null ? "" : answer.trim().toLowerCase(Locale.ROOT);
        if (!a.equals("y") && !a.equals("yes")) {
            throw new CliException(StatusCode.REQUEST_DENIED, "not confirmed: did not " + question);
        }
    }
}
