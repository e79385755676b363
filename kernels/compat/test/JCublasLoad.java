import jcuda.jcublas.JCublas2;

/**
 * check.sh's load test: with the shim on LD_LIBRARY_PATH, JCublas2's native library (which needs libcublas.so.12)
 * loads and its calls reach cuBLAS 13 (cublasGetProperty needs no GPU). Prints what it saw; exits 1 unless the
 * call returned CUBLAS_STATUS_SUCCESS with major version 13.
 */
public final class JCublasLoad {
    public static void main(String[] args) {
        int[] major = new int[1];
        int[] minor = new int[1];
        int status = JCublas2.cublasGetProperty(0, major); // MAJOR_VERSION
        JCublas2.cublasGetProperty(1, minor); // MINOR_VERSION
        long cudart = JCublas2.cublasGetCudartVersion();
        System.out.println("JCublas2 loaded; cublasGetProperty: status " + status + ", cuBLAS " + major[0] + "." + minor[0]
                + "; cublasGetCudartVersion " + cudart);
        System.exit(status == 0 && major[0] == 13 ? 0 : 1);
    }
}
