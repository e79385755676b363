/*
 * libcublas.so.12 for machines that only have cuBLAS 13: JCublas 12.6.0's native library needs the functions it
 * calls in version node libcublas.so.12; this library defines them there (libcublas.so.12.map) and forwards each to
 * the function of the same name in libcublas.so.13, opened with dlopen at the first call.
 *
 * Where libcublas.so.13 is: $CIRCUITLENS_LIBCUBLAS13 (a path) if set, else the dynamic loader's search
 * (LD_LIBRARY_PATH, ldconfig). If it cannot be opened, the first call prints why on stderr and every function
 * returns CUBLAS_STATUS_NOT_INITIALIZED. A function that libcublas.so.13 lacks prints its name once and returns
 * CUBLAS_STATUS_NOT_SUPPORTED (for the non-status functions: 0, or a string saying so).
 *
 * The stubs (forwarders.generated.c) are signature-agnostic: they jump, so arguments pass through untouched. This
 * relies on cuBLAS keeping a function's signature while its name stays (NVIDIA gives a changed signature a new name,
 * as the _v2 and _64 variants). x86-64 System V only, like the JCublas natives it serves.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include "shim.h"

#define CUBLAS_STATUS_NOT_INITIALIZED 1
#define CUBLAS_STATUS_NOT_SUPPORTED 15

static void *cublas13;
static pthread_once_t opened = PTHREAD_ONCE_INIT;

static void open_cublas13(void) {
    const char *path = getenv("CIRCUITLENS_LIBCUBLAS13");
    if (path == NULL || *path == '\0') path = "libcublas.so.13";
    /* RTLD_LOCAL: cuBLAS 13's names must not take the place of these libcublas.so.12 ones for anyone else */
    cublas13 = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (cublas13 == NULL) {
        fprintf(stderr,
                "circuitlens cuBLAS compat: cannot load %s (%s); install cuBLAS 13 or set CIRCUITLENS_LIBCUBLAS13 to "
                "the path of libcublas.so.13. Every cuBLAS call returns CUBLAS_STATUS_NOT_INITIALIZED.\n",
                path, dlerror());
    }
}

/* Stand-ins, reached by the same jump as a real function: they ignore whatever arguments the caller passed. */
static int no_library_status(void) { return CUBLAS_STATUS_NOT_INITIALIZED; }
static int missing_status(void) { return CUBLAS_STATUS_NOT_SUPPORTED; }
static size_t zero_size(void) { return 0; }
static const char *missing_string(void) { return "(not available: this function is missing from libcublas.so.13)"; }
static const char *no_library_string(void) { return "(not available: libcublas.so.13 could not be loaded)"; }
static void nothing(void) {}

static void *stand_in(int i, int libraryLoaded) {
    switch (cl_kinds[i]) {
        case CL_RETURNS_SIZE: return (void *) zero_size;
        case CL_RETURNS_STRING: return libraryLoaded ? (void *) missing_string : (void *) no_library_string;
        case CL_RETURNS_VOID: return (void *) nothing;
        default: return libraryLoaded ? (void *) missing_status : (void *) no_library_status;
    }
}

/* The address that calls to cl_names[i] go to from now on. Threads that race here store the same value. */
__attribute__((visibility("hidden"))) void *cl_resolve(int i) {
    pthread_once(&opened, open_cublas13);
    void *f = NULL;
    if (cublas13 != NULL) {
        f = dlsym(cublas13, cl_names[i]);
        if (f == NULL) {
            fprintf(stderr,
                    "circuitlens cuBLAS compat: %s is not in libcublas.so.13; it returns CUBLAS_STATUS_NOT_SUPPORTED\n",
                    cl_names[i]);
        }
    }
    if (f == NULL) f = stand_in(i, cublas13 != NULL);
    __atomic_store_n(&cl_fn[i], f, __ATOMIC_RELEASE);
    return f;
}

/*
 * Entered by jump from stub i (index in r11) on its first call, with the caller's arguments in place: saves the
 * argument registers (integer, SSE, and rax which carries the SSE count of variadic calls), resolves, restores
 * them and jumps to the function. At entry rsp = 8 mod 16; after 7 pushes and 128 bytes it is 0 mod 16, as a call
 * needs.
 */
__asm__(".text\n"
        ".globl cl_resolve_trampoline\n"
        ".hidden cl_resolve_trampoline\n"
        ".type cl_resolve_trampoline, @function\n"
        "cl_resolve_trampoline:\n"
        "  pushq %rdi\n  pushq %rsi\n  pushq %rdx\n  pushq %rcx\n  pushq %r8\n  pushq %r9\n  pushq %rax\n"
        "  subq $128, %rsp\n"
        "  movdqu %xmm0, 0(%rsp)\n  movdqu %xmm1, 16(%rsp)\n  movdqu %xmm2, 32(%rsp)\n  movdqu %xmm3, 48(%rsp)\n"
        "  movdqu %xmm4, 64(%rsp)\n  movdqu %xmm5, 80(%rsp)\n  movdqu %xmm6, 96(%rsp)\n  movdqu %xmm7, 112(%rsp)\n"
        "  movl %r11d, %edi\n"
        "  call cl_resolve\n"
        "  movq %rax, %r11\n"
        "  movdqu 0(%rsp), %xmm0\n  movdqu 16(%rsp), %xmm1\n  movdqu 32(%rsp), %xmm2\n  movdqu 48(%rsp), %xmm3\n"
        "  movdqu 64(%rsp), %xmm4\n  movdqu 80(%rsp), %xmm5\n  movdqu 96(%rsp), %xmm6\n  movdqu 112(%rsp), %xmm7\n"
        "  addq $128, %rsp\n"
        "  popq %rax\n  popq %r9\n  popq %r8\n  popq %rcx\n  popq %rdx\n  popq %rsi\n  popq %rdi\n"
        "  jmp *%r11\n"
        ".size cl_resolve_trampoline, .-cl_resolve_trampoline\n");
