package io.circuitlens.kernels.cuda;

/** The device has too little free memory for an allocation; {@link DevicePool} frees what it holds and retries. */
public final class DeviceOutOfMemoryException extends RuntimeException {
    public DeviceOutOfMemoryException(String message) {
        super(message);
    }
}
