package io.dlog.tools;

import picocli.CommandLine.Option;

/** {@code --output text|json} of the admin commands: an aligned table for people, or JSON for scripts. */
final class OutputOption {

    /** The output formats. */
    enum Output {
        /** Aligned text for people. */
        TEXT,
        /** One JSON document on stdout, with the field names of docs/cli.md. */
        JSON
    }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json (stable field names, see docs/cli.md).")
    Output output = Output.TEXT;

    boolean json() {
        return output == Output.JSON;
    }
}
