package io.circuitlens.io;

import java.io.IOException;

/**
 * Produces a tensor's values while the file is being written, so outputs of many GB never have to sit in memory.
 * It must write exactly numel values, in row-major order, through the matching method of {@link TensorOutput}.
 */
@FunctionalInterface
public interface StreamedData {
    void writeTo(TensorOutput out) throws IOException;
}
