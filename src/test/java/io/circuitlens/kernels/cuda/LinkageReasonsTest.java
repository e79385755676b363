package io.circuitlens.kernels.cuda;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The missing library is read out of JCuda's nested load errors (their text as JCuda 12.6 writes it). */
class LinkageReasonsTest {
    @Test
    void namesTheLibraryTheLoaderCouldNotOpen() {
        UnsatisfiedLinkError jcuda = new UnsatisfiedLinkError("""
                Error while loading native library "JCublas2-12.6.0-linux-x86_64"
                Operating system name: Linux
                Stack trace from the attempt to load the library as a file:
                java.lang.UnsatisfiedLinkError: no JCublas2-12.6.0-linux-x86_64 in java.library.path: /usr/lib
                Stack trace from the attempt to load the library as a resource:
                java.lang.UnsatisfiedLinkError: /tmp/libJCublas2-12.6.0-linux-x86_64.so: libcublas.so.12: cannot open shared object file: No such file or directory""");
        assertEquals("libcublas.so.12", LinkageReasons.missingLibrary(new ExceptionInInitializerError(jcuda)));
        assertEquals("Error while loading native library \"JCublas2-12.6.0-linux-x86_64\"", LinkageReasons.firstLine(jcuda));
        assertNull(LinkageReasons.missingLibrary(new UnsatisfiedLinkError("undefined symbol: cuCtxCreate_v4")));
    }
}
