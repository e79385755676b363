package io.circuitlens.cli;

import io.circuitlens.runs.Progress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on stderr fed by a long-running library call (or nothing, with --quiet). */
final class BarProgress implements Progress, AutoCloseable {
    private final ProgressBar bar;
    private long total;

    BarProgress(boolean show, String task) {
        this.bar = show ? new ProgressBarBuilder().setTaskName(task).setInitialMax(0).setUnit(" rows", 1)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err)).build() : null;
    }

    @Override
    public synchronized void total(long units) {
        total += units;
        if (bar != null) bar.maxHint(total);
    }

    @Override
    public synchronized void advance(long units) {
        if (bar != null) bar.stepBy(units);
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }
}
