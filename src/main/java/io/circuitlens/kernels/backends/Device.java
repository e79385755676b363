package io.circuitlens.kernels.backends;

/** Which backend runs the kernels ({@link Backends#open}). */
public enum Device {
    /** CUDA when a device and its libraries load, else the CPU, saying why. */
    AUTO,
    CPU,
    CUDA
}
