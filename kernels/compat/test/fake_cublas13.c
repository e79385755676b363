/*
 * A stand-in libcublas.so.13 for check.sh: two of the forwarded names with made-up signatures that use all six
 * integer argument registers, all eight SSE registers and the stack, so the test sees whether the shim's first-call
 * path (which saves and restores them around dlopen/dlsym) delivers every argument intact. cublasDgemm_v2 is left
 * out on purpose: the shim must answer CUBLAS_STATUS_NOT_SUPPORTED for it.
 */
int cublasSgemm_v2(long a, long b, long c, long d, long e, long f, long g, long h, double x0, double x1, double x2,
                   double x3, double x4, double x5, double x6, double x7, double x8) {
    long ints = a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h;
    double reals = x0 + 2 * x1 + 3 * x2 + 4 * x3 + 5 * x4 + 6 * x5 + 7 * x6 + 8 * x7 + 9 * x8;
    return (int) (ints + (long) reals);
}

const char *cublasGetStatusString(int status) { return status == 0 ? "fake: success" : "fake: other"; }
