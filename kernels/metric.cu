// Next-token metrics on the device (MetricSpec.java; CpuMetric.java is the reference), in double: each batch row's
// logits are read as float and widened, the metric and optionally d metric / d logits computed in double and stored
// as float. Only the [rows] values ever need to reach the host.
//   LOGITS   Σ_k a_k·z[id_k]                               d/dz = a
//   PROBS    Σ_k a_k·p[id_k], p = softmax(z)                d/dz_u = p_u·(a_u − m)
//   KL       KL(p_ref ‖ p) against the prompt's reference   d/dz = p − p_ref
//   KL_MEAN  KL ÷ vocab                                     d/dz = (p − p_ref) ÷ vocab
// Softmaxes are kept as (max, log Σ exp(z − max)) so log-probabilities stay accurate for logits of ±1e4, as on the
// CPU. Reductions over the vocabulary run in double through a fixed tree over the block's 256 threads, so results
// are the same run after run; they differ from the CPU's sequential sums only in the last bits of a double. Answer
// sums run in the CPU's order (token k = 0, 1, ...) in one thread.
//
// kind is MetricSpec.Kind.ordinal(): 0 LOGITS, 1 PROBS, 2 KL, 3 KL_MEAN. Answer tables (CSR, uploaded once per
// metric): prompt p's tokens are ids[start[p] .. start[p + 1]) with weights (double) alongside.
//
// Launch (both kernels): 1-D blocks of exactly CL_METRIC (256) threads, 1-D grid of any size (blocks stride over
// rows, resp. prompts); suggested grid.x = min(rows, 65535). No dynamic shared memory.
#include "common.cuh"

#define CL_METRIC 256
#define CL_METRIC_LOGITS 0
#define CL_METRIC_PROBS 1
#define CL_METRIC_KL 2
#define CL_METRIC_KL_MEAN 3

struct Softmax {
    double max;
    double logSum;
};

// v combined over the block's threads by a fixed halving tree in shared memory (op: sum or max); the result is
// returned to every thread. The tree's order depends only on the block size, so results are the same run after run.
template <class Op>
static __device__ __forceinline__ double block_reduce(double v, double (&s)[CL_METRIC], Op op) {
    int t = threadIdx.x;
    s[t] = v;
    __syncthreads();
    for (int half = CL_METRIC / 2; half > 0; half >>= 1) {
        if (t < half) s[t] = op(s[t], s[t + half]);
        __syncthreads();
    }
    double r = s[0];
    __syncthreads(); // s is reused by the next reduction
    return r;
}

struct Sum {
    __device__ double operator()(double a, double b) const { return a + b; }
};

struct Max {
    __device__ double operator()(double a, double b) const { return fmax(a, b); }
};

static __device__ __forceinline__ double block_sum(double v, double (&s)[CL_METRIC]) {
    return block_reduce(v, s, Sum());
}

static __device__ __forceinline__ double block_max(double v, double (&s)[CL_METRIC]) {
    return block_reduce(v, s, Max());
}

// CpuMetric.Softmax.of: max and log Σ exp(z − max) of a row; a row whose max is ±∞ keeps logSum 0 (nothing finite
// to do). Every thread of the block must call it.
static __device__ __forceinline__ Softmax row_softmax(const float* __restrict__ z, int vocab, double (&s)[CL_METRIC]) {
    double mx = -INFINITY;
    for (int v = threadIdx.x; v < vocab; v += blockDim.x) mx = fmax(mx, (double) z[v]);
    mx = block_max(mx, s);
    if (isinf(mx)) return {mx, 0.0};
    double sum = 0.0;
    for (int v = threadIdx.x; v < vocab; v += blockDim.x) sum += exp((double) z[v] - mx);
    return {mx, log(block_sum(sum, s))};
}

static __device__ __forceinline__ double log_prob(Softmax sm, double z) {
    return (z - sm.max) - sm.logSum;
}

// metricReference(const float* reference, int prompts, int vocab, double* stats):
// stats[2p] and stats[2p + 1] = max and log Σ exp of the softmax of reference row p (reference is [prompts, vocab]).
// Run once when a KL metric is prepared, as CpuMetric does on the host.
extern "C" __global__ void __launch_bounds__(CL_METRIC)
metricReference(const float* __restrict__ reference, int prompts, int vocab, double* __restrict__ stats) {
    __shared__ double s[CL_METRIC];
    for (int p = blockIdx.x; p < prompts; p += gridDim.x) {
        Softmax sm = row_softmax(reference + (long long) p * vocab, vocab, s);
        if (threadIdx.x == 0) {
            stats[2 * p] = sm.max;
            stats[2 * p + 1] = sm.logSum;
        }
    }
}

// metric(int kind, const float* logits, int rows, int vocab, const int* prompt, const int* start, const int* ids,
//        const double* weights, const float* reference, const double* refStats, float* values, float* dLogits):
// values[r] = the metric of logits row r (logits [rows, vocab]) against the targets of prompt prompt[r]; when dLogits
// is not null its row r receives the gradient (every entry). Answer kinds read start/ids/weights (reference and
// refStats may be null); KL kinds read reference [prompts, vocab] and refStats (from metricReference) and ignore the
// answer tables.
extern "C" __global__ void __launch_bounds__(CL_METRIC)
metric(int kind, const float* __restrict__ logits, int rows, int vocab, const int* __restrict__ prompt,
       const int* __restrict__ start, const int* __restrict__ ids, const double* __restrict__ weights,
       const float* __restrict__ reference, const double* __restrict__ refStats, float* __restrict__ values,
       float* __restrict__ dLogits) {
    __shared__ double s[CL_METRIC];
    __shared__ double value;
    int t = threadIdx.x;
    for (int r = blockIdx.x; r < rows; r += gridDim.x) {
        const float* z = logits + (long long) r * vocab;
        float* g = dLogits ? dLogits + (long long) r * vocab : nullptr;
        int p = prompt[r];
        if (kind == CL_METRIC_KL || kind == CL_METRIC_KL_MEAN) {
            Softmax model = row_softmax(z, vocab, s);
            Softmax ref = {refStats[2 * p], refStats[2 * p + 1]};
            const float* zr = reference + (long long) p * vocab;
            double scale = kind == CL_METRIC_KL_MEAN ? 1.0 / vocab : 1.0;
            double kl = 0.0;
            for (int v = t; v < vocab; v += blockDim.x) {
                double logRef = log_prob(ref, zr[v]);
                double logModel = log_prob(model, z[v]);
                double pRef = exp(logRef);
                if (pRef > 0) kl += pRef * (logRef - logModel); // 0·log 0 = 0
                if (g) g[v] = (float) ((exp(logModel) - pRef) * scale);
            }
            kl = block_sum(kl, s);
            if (t == 0) values[r] = (float) (kl * scale);
            continue;
        }
        bool probs = kind == CL_METRIC_PROBS;
        Softmax sm = {0.0, 0.0};
        if (probs) sm = row_softmax(z, vocab, s);
        int k0 = start[p];
        int k1 = start[p + 1];
        if (t == 0) {
            double m = 0.0;
            for (int k = k0; k < k1; k++) {
                double zk = z[ids[k]];
                m += weights[k] * (probs ? exp(log_prob(sm, zk)) : zk);
            }
            value = m;
            values[r] = (float) m;
        }
        __syncthreads();
        if (g) {
            double m = value;
            for (int v = t; v < vocab; v += blockDim.x) g[v] = probs ? (float) (-m * exp(log_prob(sm, z[v]))) : 0.0f;
            __syncthreads(); // the answer tokens' entries are rewritten below
            // one thread per distinct answer token (its first occurrence) adds every weight of that token in k order,
            // in double from the base value, as CpuMetric's double gradient row does
            for (int k = k0 + t; k < k1; k += blockDim.x) {
                int id = ids[k];
                bool first = true;
                for (int j = k0; j < k && first; j++) first = ids[j] != id;
                if (!first) continue;
                double pid = probs ? exp(log_prob(sm, z[id])) : 1.0;
                double acc = probs ? -m * pid : 0.0;
                for (int j = k; j < k1; j++) {
                    if (ids[j] == id) acc += weights[j] * pid;
                }
                g[id] = (float) acc;
            }
        }
        __syncthreads(); // value is reused by the next row
    }
}
