package io.circuitlens.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector math built only from IEEE-exact operations (add, mul, fma, bit moves). The Vector API's own transcendental
 * ops (EXP, TANH) and floating-point lane reductions give different bits before and after the JIT compiles them,
 * which would make two identical forward passes differ; these do not.
 */
final class VectorMath {
    private VectorMath() {}

    private static final float LOG2E = 1.4426950408889634f;
    // ln 2 split in two so that n·ln2 is subtracted without rounding error for |n| ≤ 128
    private static final float LN2_HI = 0.693145751953125f;
    private static final float LN2_LO = 1.428606765330187e-06f;
    private static final float ROUND_MAGIC = 12582912f; // 1.5·2^23: adding it rounds to the nearest integer

    /** e^x with a relative error of a few ulp; inputs are clamped to [−87, 87], so the result is finite and normal. */
    static FloatVector exp(FloatVector x) {
        VectorSpecies<Float> s = x.species();
        x = x.max(-87f).min(87f);
        FloatVector n = x.mul(LOG2E).add(ROUND_MAGIC).sub(ROUND_MAGIC); // nearest integer to x / ln 2
        FloatVector r = n.fma(FloatVector.broadcast(s, -LN2_HI), x);
        r = n.fma(FloatVector.broadcast(s, -LN2_LO), r); // |r| ≤ ln2 / 2
        // Taylor series of e^r to degree 7: truncation error < 6e-9 relative on |r| ≤ 0.347
        FloatVector p = FloatVector.broadcast(s, 1f / 5040);
        p = p.fma(r, FloatVector.broadcast(s, 1f / 720));
        p = p.fma(r, FloatVector.broadcast(s, 1f / 120));
        p = p.fma(r, FloatVector.broadcast(s, 1f / 24));
        p = p.fma(r, FloatVector.broadcast(s, 1f / 6));
        p = p.fma(r, FloatVector.broadcast(s, 0.5f));
        p = p.fma(r, FloatVector.broadcast(s, 1f));
        p = p.fma(r, FloatVector.broadcast(s, 1f));
        IntVector bits = ((IntVector) n.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23);
        return p.mul(bits.reinterpretAsFloats());
    }

    /** Sum of the lanes in lane order (deterministic, unlike {@code reduceLanes(ADD)}). */
    static float laneSum(FloatVector v) {
        float[] lanes = v.toArray();
        float s = 0;
        for (float f : lanes) s += f;
        return s;
    }
}
