package io.circuitlens.attribution;

import io.circuitlens.model.HookName;
import io.circuitlens.model.HookType;
import io.circuitlens.model.StartPoint;
import io.circuitlens.model.ActivationCache;

/** Where a patched pass for a hook of layer L starts: the cached residual stream right before that hook's sublayer. */
final class Passes {
    private Passes() {}

    static StartPoint startFor(HookName hook, ActivationCache base, int[] rowPrompt) {
        HookType at = hook.type().ordinal() < HookType.RESID_MID.ordinal() ? HookType.RESID_PRE : HookType.RESID_MID;
        return new StartPoint(hook.layer(), at, base, rowPrompt);
    }
}
