/*
 * check.sh's test of the shim. Looks functions up by version, as JCublas2's native library binds them
 * (name@libcublas.so.12), and calls them through the shim.
 *   test_forward SHIM real LIBCUBLAS13  cublasGetProperty (major, minor, patch) and cublasGetCudartVersion through the
 *                                        shim equal cuBLAS 13's own answers (no GPU needed for these)
 *   test_forward SHIM fake               against fake_cublas13.c: every argument register and stack slot arrives,
 *                                        a function cuBLAS 13 lacks returns CUBLAS_STATUS_NOT_SUPPORTED
 *   test_forward SHIM missing            libcublas.so.13 absent: CUBLAS_STATUS_NOT_INITIALIZED (message on stderr)
 * Prints one line per check and exits non-zero on the first failure.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *sym12(void *shim, const char *name) {
    void *f = dlvsym(shim, name, "libcublas.so.12");
    if (f == NULL) {
        printf("FAIL %s@libcublas.so.12 not found in the shim\n", name);
        exit(1);
    }
    return f;
}

static void expect(int ok, const char *what) {
    printf("%s %s\n", ok ? "ok  " : "FAIL", what);
    if (!ok) exit(1);
}

int main(int argc, char **argv) {
    if (argc < 3) return 2;
    void *shim = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (shim == NULL) {
        printf("FAIL cannot open the shim: %s\n", dlerror());
        return 1;
    }
    typedef int (*GetProperty)(int, int *);
    typedef size_t (*GetCudartVersion)(void);
    typedef const char *(*StatusString)(int);
    if (strcmp(argv[2], "real") == 0 && argc == 4) {
        void *real = dlopen(argv[3], RTLD_NOW | RTLD_LOCAL);
        if (real == NULL) {
            printf("FAIL cannot open %s: %s\n", argv[3], dlerror());
            return 1;
        }
        GetProperty viaShim = (GetProperty) sym12(shim, "cublasGetProperty");
        GetProperty direct = (GetProperty) dlsym(real, "cublasGetProperty");
        const char *names[] = {"major", "minor", "patch"};
        for (int type = 0; type < 3; type++) { /* libraryPropertyType: MAJOR_VERSION, MINOR_VERSION, PATCH_LEVEL */
            int a = -1, b = -2;
            int sa = viaShim(type, &a), sb = direct(type, &b);
            char what[160];
            snprintf(what, sizeof what, "cublasGetProperty(%s) through the shim = %d (status %d), cuBLAS 13 says %d", names[type], a,
                     sa, b);
            expect(sa == 0 && sb == 0 && a == b, what);
            if (type == 0) expect(a == 13, "the forwarded call reached cuBLAS major version 13");
        }
        size_t ca = ((GetCudartVersion) sym12(shim, "cublasGetCudartVersion"))();
        size_t cb = ((GetCudartVersion) dlsym(real, "cublasGetCudartVersion"))();
        char what[160];
        snprintf(what, sizeof what, "cublasGetCudartVersion through the shim = %zu, cuBLAS 13 says %zu", ca, cb);
        expect(ca == cb && ca >= 13000, what);
        const char *s = ((StatusString) sym12(shim, "cublasGetStatusString"))(15);
        snprintf(what, sizeof what, "cublasGetStatusString(15) through the shim = \"%s\"", s);
        expect(strcmp(s, ((StatusString) dlsym(real, "cublasGetStatusString"))(15)) == 0, what);
        return 0;
    }
    if (strcmp(argv[2], "fake") == 0) {
        typedef int (*Many)(long, long, long, long, long, long, long, long, double, double, double, double, double,
                            double, double, double, double);
        Many many = (Many) sym12(shim, "cublasSgemm_v2");
        int want = 1 + 2 * 2 + 3 * 3 + 4 * 4 + 5 * 5 + 6 * 6 + 7 * 7 + 8 * 8 +
                   (int) (0.5 + 2 * 1.5 + 3 * 2.5 + 4 * 3.5 + 5 * 4.5 + 6 * 5.5 + 7 * 6.5 + 8 * 7.5 + 9 * 8.5);
        for (int call = 0; call < 2; call++) { /* the first call resolves, the second goes straight through */
            int got = many(1, 2, 3, 4, 5, 6, 7, 8, 0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5);
            expect(got == want, call == 0 ? "first call (resolving): 8 integer and 9 floating-point arguments arrive"
                                          : "second call (resolved): the same arguments arrive");
        }
        typedef int (*Dgemm)(void);
        expect(((Dgemm) sym12(shim, "cublasDgemm_v2"))() == 15,
               "a function missing from libcublas.so.13 returns CUBLAS_STATUS_NOT_SUPPORTED");
        expect(strcmp(((StatusString) sym12(shim, "cublasGetStatusString"))(0), "fake: success") == 0,
               "a string-returning function is forwarded");
        return 0;
    }
    if (strcmp(argv[2], "missing") == 0) {
        int v = 0;
        expect(((GetProperty) sym12(shim, "cublasGetProperty"))(0, &v) == 1,
               "without libcublas.so.13 a call returns CUBLAS_STATUS_NOT_INITIALIZED");
        expect(((GetCudartVersion) sym12(shim, "cublasGetCudartVersion"))() == 0,
               "without libcublas.so.13 cublasGetCudartVersion returns 0");
        return 0;
    }
    return 2;
}
