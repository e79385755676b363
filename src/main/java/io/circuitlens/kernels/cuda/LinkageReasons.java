package io.circuitlens.kernels.cuda;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shared library a native load failed on, read from the error JCuda passes on (its message nests the loader's
 * "libX.so.N: cannot open shared object file"), so that the user is told which library is missing rather than
 * given a stack trace.
 */
final class LinkageReasons {
    private static final Pattern MISSING = Pattern.compile("(lib[A-Za-z0-9_+.-]+\\.so[0-9.]*): cannot open shared object file");

    private LinkageReasons() {}

    /** The missing library named anywhere in the error or its causes, or null. */
    static String missingLibrary(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() == null) continue;
            Matcher m = MISSING.matcher(t.getMessage());
            if (m.find()) return m.group(1);
        }
        return null;
    }

    /** The first line of the error's message, for errors that name no library. */
    static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
