"""The three tasks of train_known_circuits.py: training batches, held-out prompts, prompt pairs, signature inputs.

Every prompt is plain text whose characters are single tokens of the byte-level vocabulary; BOS is prepended as
circuitlens does by default. Each task draws from its own random.Random, so the data are the same on every run.

- induction: BOS + random letters (drawn with replacement from a-z, A-Z) holding bigrams "key value" that recur
  later in another order, cut after a key's second occurrence; the answer is the token after its first occurrence.
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
ALPHABET = string.ascii_letters  # induction: 52 single-byte tokens
NAMES = string.ascii_uppercase
DIGITS = string.digits


def _batch(texts, targets):
    """Token tensor [B, T] (all texts the same length) and the answer's id at the last position [B]."""
    toks = torch.tensor([encode(t) for t in texts], dtype=torch.long)
    ans = torch.tensor([encode(a, bos=False)[0] for a in targets], dtype=torch.long)
    return toks, ans


class Induction:
    """In-context recall of random bigrams, the setting induction heads solve (Olsson et al. 2022): random tokens
    drawn with replacement from ALPHABET hold K bigrams "key value" (distinct keys), each twice, in a random order
    with random tokens between them. At a key's second occurrence the answer is the token that followed its first. Only the single previous token is shared by the two occurrences (their other
    neighbours differ), so the textbook circuit is the only one that works: a previous-token head (layer 0) writes
    each key into its value's position, and an induction head (layer 1) matches the current key against that and
    copies the value. (Long repeated segments were tried first: their copies share several previous tokens, and the
    model learnt a layer-0 head spread over the last 3-9 tokens instead of a previous-token head.) The loss counts only
    the second occurrences whose induction target is unique. The MLP output projections are fixed at zero (an
    attention-only model, as in the induction-head papers), so every neuron has exactly zero effect."""
    name = "induction"
    model = dict(n_layer=2, n_head=2, d_model=64, d_mlp=16, n_ctx=64)
    steps, l1 = 2500, 0.0
    frozen = tuple(f"h.{l}.mlp.c_proj.{w}" for l in range(2) for w in ("weight", "bias"))
    width = (24, 56)    # tokens after BOS

    def _row(self, rng, width):
        """`width` tokens holding each of K bigrams twice, in a random order with random tokens spread between them,
        and the text positions of the second occurrences' keys (the queries)."""
        k = rng.randint(max(2, width // 8), width // 5)
        keys = rng.sample(ALPHABET, k)
        values = [rng.choice(ALPHABET) for _ in keys]
        order = [i for i in range(k) for _ in range(2)]
        rng.shuffle(order)
        gaps = [0] * (len(order) + 1)  # random tokens before each bigram and at the end
        for _ in range(width - 4 * k):
            gaps[rng.randrange(len(gaps))] += 1
        toks, queries, seen = [], [], set()
        for g, i in zip(gaps, order):
            toks += [rng.choice(ALPHABET) for _ in range(g)]
            if i in seen:
                queries.append(len(toks))
            seen.add(i)
            toks += [keys[i], values[i]]
        toks += [rng.choice(ALPHABET) for _ in range(gaps[-1])]
        return toks, queries

    def train_batch(self, rng, size):
        """Rows of one width, each with its own bigrams and layout; the loss mask [size, width] keeps the second
        occurrences whose induction target is unique."""
        width = rng.randint(*self.width)
        rows, mask = [], torch.zeros(size, width, dtype=torch.bool)
        for i in range(size):
            toks, queries = self._row(rng, width)
            rows.append("".join(toks))
            for p in queries:
                # text position p is token position p + 1 (after BOS), whose logits predict the token at p + 1
                if induction_target(toks[:p + 1]) == toks[p + 1]:
                    mask[i, p + 1] = True
        return torch.tensor([encode(r) for r in rows], dtype=torch.long), mask

    def prompt(self, rng):
        """(text, answer): a row cut after a key's second occurrence, whose one earlier occurrence is followed by the
        answer."""
        while True:
            toks, queries = self._row(rng, rng.randint(*self.width))
            p = rng.choice(queries)
            text = toks[:p + 1]
            if sum(t == text[-1] for t in text[:-1]) == 1 and induction_target(text) == toks[p + 1]:
                return text, toks[p + 1]

    def held_out(self, rng, count):
        return [("".join(text), answer) for text, answer in (self.prompt(rng) for _ in range(count))]

    def pair(self, rng):
        """Swap the query key's first occurrence (position i) with another token (position j, |i - j| >= 2): the
        corrupted prompt's induction target is the token after j instead of the answer, the previous-token
        information at both keys changes, and both prompts keep their length."""
        while True:
            text, answer = self.prompt(rng)
            i = text.index(text[-1])
            j = rng.choice([j for j in range(len(text) - 1) if abs(j - i) >= 2])
            b = list(text)
            b[i], b[j] = text[j], text[i]
            wrong = induction_target(b)
            if wrong is not None and wrong != answer:
                return "".join(text), "".join(b), answer, wrong


def induction_target(toks):
    """The token that followed every earlier occurrence of the last token, or None when there is no earlier
    occurrence or they disagree (the next token is then not inferable by induction)."""
    last = toks[-1]
    nexts = {toks[j + 1] for j in range(len(toks) - 1) if toks[j] == last}
    return nexts.pop() if len(nexts) == 1 else None


class Fact:
    """Subject -> attribute lookup done by MLP neurons. The attention output projections are fixed at zero, so no
    head can move or transform anything: the answer must be computed at the subject's own position, by the MLPs and
    by the direct path from the subject's embedding to the tied unembedding (which the training can align with the
    attribute's, so it carries part of the logit diff that no component holds). A concave penalty on the neurons'
    contributions (train_known_circuits.sparsity_penalty, strength l1) keeps each subject's lookup on few neurons
    (key-value memories). Also tried, with the whole-gap share criterion: the embeddings fixed at their random
    initialisation (no direct path): the lookup spread over 3-9 neurons per row (faithfulness of the truth 0.47-0.51);
    the second MLP's output fixed at zero: the embeddings took about three quarters of the logit diff (0.77)."""
    name = "fact"
    model = dict(n_layer=2, n_head=2, d_model=64, d_mlp=32, n_ctx=64)
    steps, l1 = 800, 1.0
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
    """Indirect-object identification with one-letter names, done by attention heads. The MLP output projections are
    fixed at zero (attention-only, like Induction): with them trainable the 512 neurons together carried a third of
    the logit diff through contributions of < 0.4% each, so the heads, the only components a single-ablation
    criterion could name, kept 0.68 of the behaviour. With 4 heads per layer (and 3 with d_model 48) every head
    learnt a share of the same two roles (8 and 6 heads with the signatures, 2 and 5 of them at >= 25% of the
    gap): the mechanism spreads over redundant heads, so the model keeps 2 heads per layer."""
    name = "ioi"
    model = dict(n_layer=2, n_head=2, d_model=64, d_mlp=256, n_ctx=64)
    steps, l1 = 1000, 0.0
    frozen = tuple(f"h.{l}.mlp.c_proj.{w}" for l in range(2) for w in ("weight", "bias"))

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
