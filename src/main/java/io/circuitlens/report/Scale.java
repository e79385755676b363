package io.circuitlens.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A data axis mapped onto a pixel range: linear or base-10 logarithmic, with round tick values and their labels. */
public record Scale(double min, double max, double from, double to, boolean log) {
    public Scale {
        if (log && !(min > 0)) throw new IllegalArgumentException("a log scale needs a positive minimum, got " + min);
        if (!(max > min)) {
            double pad = Math.abs(min) > 0 ? Math.abs(min) * 0.1 : 1; // a constant series still gets a readable axis
            max = min + pad;
            min = min - (log ? 0 : pad);
        }
    }

    public static Scale linear(double min, double max, double from, double to) {
        return new Scale(min, max, from, to, false);
    }

    public static Scale log(double min, double max, double from, double to) {
        return new Scale(min, max, from, to, true);
    }

    /** The linear scale through [lo, hi] widened by 5% on both sides, so that points do not sit on the frame. */
    public static Scale padded(double lo, double hi, double from, double to) {
        double pad = (hi - lo) * 0.05;
        return linear(lo - pad, hi + pad, from, to);
    }

    public double px(double v) {
        double t = log ? (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min)) : (v - min) / (max - min);
        return from + t * (to - from);
    }

    /** Round tick values inside the range: 1, 2 or 5 times a power of ten apart (decades on a log axis). */
    public double[] ticks(int target) {
        List<Double> out = new ArrayList<>();
        if (log) {
            for (double d = Math.pow(10, Math.floor(Math.log10(min))); d <= max * 1.0001; d *= 10) {
                if (d >= min * 0.9999) out.add(d);
            }
        } else {
            double step = step(target);
            for (double v = Math.ceil(min / step - 1e-9) * step; v <= max + step * 1e-9; v += step) out.add(Math.abs(v) < step * 1e-9 ? 0 : v);
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The distance between linear ticks. */
    public double step(int target) {
        double raw = (max - min) / Math.max(1, target);
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double m = raw / p;
        return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
    }

    /** A tick label with as many decimals as the tick spacing needs. */
    public String label(double v, int target) {
        if (log) return number(v);
        double step = step(target);
        if (Math.abs(step) < 1e-3 || Math.abs(step) >= 1e5) return String.format(Locale.ROOT, "%.2g", v);
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** A short general-purpose number: 4 significant digits, no trailing zeros. */
    public static String number(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (v == 0) return "0";
        double a = Math.abs(v);
        String s = a >= 1e-3 && a < 1e5 ? String.format(Locale.ROOT, "%.4g", v) : String.format(Locale.ROOT, "%.3e", v);
        if (s.contains("e")) return s.replaceAll("\\.?0+e", "e");
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
