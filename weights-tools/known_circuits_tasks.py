"""The three tasks of train_known_circuits.py: training batches, held-out prompts, prompt pairs, signature inputs.

Every prompt is plain text whose characters are single tokens of the byte-level vocabulary; BOS is prepended as
circuitlens does by default. Each task draws from its own random.Random, so the data are the same on every run.

- induction: BOS + P + A + A[:k] for A a string of distinct random lowercase letters and P 0-8 other letters;
  the answer is A[k].
- fact: BOS + noise + "=" + S where S is one of 26 subjects (uppercase letters) and noise is 0-8 random digits;
  the answer is the subject's fixed attribute (a lowercase letter).
- ioi: BOS + N1 f1 N2 f2 N3 f3 ">" with two names (uppercase letters), lowercase fillers f, and N3 one of N1, N2
  (the subject, repeated); the answer is the other name (the indirect object, which appears once).
"""
import random
import string

import torch

from known_circuits_model import encode

LETTERS = string.ascii_lowercase
NAMES = string.ascii_uppercase
DIGITS = string.digits


def _batch(texts, targets):
    """Token tensor [B, T] (all texts the same length) and the answer's id at the last position [B]."""
    toks = torch.tensor([encode(t) for t in texts], dtype=torch.long)
    ans = torch.tensor([encode(a, bos=False)[0] for a in targets], dtype=torch.long)
    return toks, ans


class Induction:
    name = "induction"
    model = dict(n_layer=2, n_head=2, d_model=64, d_mlp=256, n_ctx=64)
    steps, l1 = 2000, 0.0
    frozen = ()

    def _sequence(self, rng, n):
        """A prefix P of 0-8 letters (none of them in A), then A: n distinct random letters. The prefix moves the
        repeat to a random offset, so the repeat can only be followed by matching tokens (induction), not by
        position."""
        a = rng.sample(LETTERS, n)
        rest = [c for c in LETTERS if c not in a]
        return "".join(rng.choice(rest) for _ in range(rng.randint(0, 8))), "".join(a)

    def train_batch(self, rng, size):
        """P + A + A with one (|P|, n) per batch; the loss counts the predictions the repeat makes inferable."""
        n, width = rng.randint(6, 14), rng.randint(0, 8)
        rows = []
        for _ in range(size):
            a = rng.sample(LETTERS, n)
            rest = [c for c in LETTERS if c not in a]
            rows.append("".join(rng.choice(rest) for _ in range(width)) + "".join(a) * 2)
        toks = torch.tensor([encode(r) for r in rows], dtype=torch.long)
        mask = torch.zeros(toks.shape[1] - 1, dtype=torch.bool)
        start = 1 + width + n  # position of the second copy's first letter
        mask[start:start + n - 1] = True  # the second copy of A[i] predicts A[i+1], i = 0..n-2
        return toks, mask

    def prompt(self, rng):
        p, a = self._sequence(rng, rng.randint(8, 14))
        return p, a, rng.randint(2, len(a) - 1)

    def held_out(self, rng, count):
        out = []
        for _ in range(count):
            p, a, k = self.prompt(rng)
            out.append((p + a + a[:k], a[k]))
        return out

    def pair(self, rng):
        """Swap the query token's first occurrence with another first-copy token: the clean prompt's induction target
        A[k] becomes A[m] in the corrupted prompt, and the previous-token information at both keys changes."""
        while True:
            p, a, k = self.prompt(rng)
            choices = [m for m in range(1, len(a)) if abs(m - k) >= 2]
            if choices:
                break
        m = rng.choice(choices)
        b = list(a)
        b[k - 1], b[m - 1] = a[m - 1], a[k - 1]
        return p + a + a[:k], p + "".join(b) + a[:k], a[k], a[m]


class Fact:
    """Subject -> attribute lookup done by MLP neurons. The attention output projections are fixed at zero, so no
    head can move or transform anything: the answer must be computed at the subject's own position, and the tied
    unembedding cannot map a token to a different one, so the MLPs hold the table. An L1 penalty on the MLP
    activations keeps each subject's lookup on few neurons (key-value memories)."""
    name = "fact"
    model = dict(n_layer=2, n_head=2, d_model=64, d_mlp=32, n_ctx=64)
    steps, l1 = 800, 0.1
    frozen = tuple(f"h.{l}.attn.c_proj.{w}" for l in range(2) for w in ("weight", "bias"))

    def __init__(self):
        rng = random.Random(1234)
        self.attribute = dict(zip(NAMES, rng.sample(LETTERS, len(NAMES))))

    def _text(self, rng, subject, noise_len):
        return "".join(rng.choice(DIGITS) for _ in range(noise_len)) + "=" + subject

    def train_batch(self, rng, size):
        noise = rng.randint(0, 8)
        subjects = [rng.choice(NAMES) for _ in range(size)]
        texts = [self._text(rng, s, noise) for s in subjects]
        toks, ans = _batch(texts, [self.attribute[s] for s in subjects])
        return torch.cat([toks, ans[:, None]], dim=1), _last_only(toks.shape[1] + 1)

    def held_out(self, rng, count):
        out = []
        for _ in range(count):
            s = rng.choice(NAMES)
            out.append((self._text(rng, s, rng.randint(0, 8)), self.attribute[s]))
        return out

    def pair(self, rng):
        s, s2 = rng.sample(NAMES, 2)
        noise = "".join(rng.choice(DIGITS) for _ in range(rng.randint(0, 8)))
        return noise + "=" + s, noise + "=" + s2, self.attribute[s], self.attribute[s2]


class Ioi:
    name = "ioi"
    model = dict(n_layer=2, n_head=2, d_model=64, d_mlp=256, n_ctx=64)
    steps, l1 = 1000, 0.0
    frozen = ()

    def __init__(self):
        rng = random.Random(4321)
        pairs = [frozenset((a, b)) for i, a in enumerate(NAMES) for b in NAMES[i + 1:]]
        # a fifth of the name pairs never occur in training: held-out prompts and the pairs file use only these
        self.unseen = set(rng.sample(pairs, len(pairs) // 5))

    def _text(self, rng, io, s, abb, lengths=None):
        """N1 f1 N2 f2 N3 f3 ">" with filler lengths (1-3, 1-3, 0-2) drawn unless given."""
        l1, l2, l3 = lengths or (rng.randint(1, 3), rng.randint(1, 3), rng.randint(0, 2))
        f = lambda n: "".join(rng.choice(LETTERS) for _ in range(n))
        n1, n2 = (io, s) if abb else (s, io)
        return n1 + f(l1) + n2 + f(l2) + s + f(l3) + ">"

    def _names(self, rng, seen):
        while True:
            io, s = rng.sample(NAMES, 2)
            if (frozenset((io, s)) in self.unseen) != seen:
                return io, s

    def train_batch(self, rng, size):
        lengths = (rng.randint(1, 3), rng.randint(1, 3), rng.randint(0, 2))  # one layout per batch: no padding
        texts, answers = [], []
        for _ in range(size):
            io, s = self._names(rng, seen=True)
            texts.append(self._text(rng, io, s, rng.random() < 0.5, lengths))
            answers.append(io)
        toks, ans = _batch(texts, answers)
        return torch.cat([toks, ans[:, None]], dim=1), _last_only(toks.shape[1] + 1)

    def held_out(self, rng, count):
        out = []
        for _ in range(count):
            io, s = self._names(rng, seen=False)
            out.append((self._text(rng, io, s, rng.random() < 0.5), io))
        return out

    def pair(self, rng):
        """Clean: N3 repeats the subject, answer IO. Corrupted: N3 is the IO instead (IOI's hard corruption), so the
        corrupted prompt's answer is the other name."""
        io, s = self._names(rng, seen=False)
        clean = self._text(rng, io, s, rng.random() < 0.5)
        last_s = clean.rindex(s)
        corrupted = clean[:last_s] + io + clean[last_s + 1:]
        return clean, corrupted, io, s


def _last_only(width):
    """Loss mask over the width-1 next-token predictions: only the last one (the answer) counts."""
    mask = torch.zeros(width - 1, dtype=torch.bool)
    mask[-1] = True
    return mask


TASKS = {t.name: t for t in (Induction, Fact, Ioi)}
