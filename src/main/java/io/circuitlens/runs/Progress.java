package io.circuitlens.runs;

/**
 * Receives how much of a long run is done (the CLI draws a progress bar from it). A job announces its whole size
 * with {@link #total} before it starts (so a percentage never goes backwards); work found later is announced too.
 */
public interface Progress {
    Progress NONE = new Progress() {
        @Override
        public void total(long units) {}

        @Override
        public void advance(long units) {}
    };

    /** Adds work that is now known to lie ahead. */
    void total(long units);

    void advance(long units);
}
