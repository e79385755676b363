/* Shared between the hand-written loader (shim.c) and the generated stubs (forwarders.generated.c). */
#pragma once

/* What a function returns, so a stand-in for one that cannot be forwarded returns something of the right type. */
enum {
    CL_RETURNS_STATUS = 0, /* cublasStatus_t (int) */
    CL_RETURNS_SIZE = 1,   /* size_t */
    CL_RETURNS_STRING = 2, /* const char * */
    CL_RETURNS_VOID = 3
};

extern const int cl_count __attribute__((visibility("hidden")));
extern const char *const cl_names[] __attribute__((visibility("hidden")));
extern const unsigned char cl_kinds[] __attribute__((visibility("hidden")));

/* cl_fn[i]: the address calls to cl_names[i] jump to; 0 until the first call resolves it. */
extern void *cl_fn[] __attribute__((visibility("hidden")));
