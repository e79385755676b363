package io.circuitlens.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether this process's stderr is a terminal (progress redraws a line) or a file or pipe (progress prints lines). */
final class Terminal {
    private Terminal() {}

    static boolean stderr() {
        // System.console() describes stdin/stdout: `circuitlens ... 2> log` would still look like a terminal. On
        // Linux, file descriptor 2 itself says where stderr goes.
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            Console c = System.console();
            return c != null && c.isTerminal();
        }
    }
}
