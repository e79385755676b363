package io.circuitlens.kernels.cuda;

import io.circuitlens.kernels.RowMap;

/**
 * A {@link RowMap} on the device: prompt[i] and step[i] (int32) per row. A listed map uploads its prompts (steps
 * are 0); a grid slice is derived on the device by gridRows from (gridPrompts, first), so it moves nothing.
 */
final class DeviceRowMap extends DeviceTables<RowMap> {
    final int rows;
    /** The largest step of any row (alphas must cover it). */
    final int maxStep;

    DeviceRowMap(RowMap map, DevicePool pool) {
        super(map, pool, 8L * map.rows());
        this.rows = map.rows();
        this.maxStep = rows == 0 || !map.isGrid() ? 0 : map.step(rows - 1);
    }

    long prompt() {
        return at(0);
    }

    long step() {
        return at(4L * rows);
    }
}
