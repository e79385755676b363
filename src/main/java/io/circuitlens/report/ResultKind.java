package io.circuitlens.report;

/** Which command wrote a result file; decides which pictures it can give. */
public enum ResultKind {
    ATTRIBUTION("attribute"),
    ABLATION_TABLE("ablation-table"),
    ABLATE("ablate"),
    CURVE("curve"),
    PRUNE("prune"),
    FAITHFULNESS("faithfulness");

    private final String command;

    ResultKind(String command) {
        this.command = command;
    }

    /** The circuitlens command that writes this kind. */
    public String command() {
        return command;
    }

    /** The kind of a run record's "command" field, or null for an unknown one. */
    static ResultKind ofCommand(String command) {
        for (ResultKind k : values()) if (k.command.equals(command)) return k;
        return null;
    }
}
