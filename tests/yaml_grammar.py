"""A grammar of YAML documents shaped like incidents, with the constructs where YAML parsers
read differently: quoting styles, folded and multi-line scalars, block scalar headers,
flow collections spanning lines, comments everywhere, blank lines, typed-looking words,
Unicode. Written for an adversarial review of the fast loader (tests/test_fastload.py runs
a bounded number; bench/fuzz_fastload.py runs it for as long as asked).
"""

# ruff: noqa: E501, E701, E702, E741, SIM108, UP031

from __future__ import annotations

import random

WORDS = ["x", "abc", "it's", 'say "hi"', "a b", "a  b", " lead", "trail ", "a: b", "a :b", "a#b", "a #b", "-x", "- x", "?x", ":x", "x:",
         "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "yes", "No", "ON", "y", "n", "Y",
         "1", "-1", "+1", "0", "-0", "010", "1.0", "-0.0", "0.10", "1.0e+3", "1.5E3", "1e3", ".5", "5.", "+.5", "12:30", "1:2:3", "2017-11-13",
         "0x1F", "1_000", ".inf", "inf", "nan", "NaN", "=", "<<", "é", "한글", "\u00a0x", "x\u00a0", "\U0001F600", "e\u0301", "\uff21\uff22", "@x", "`x", "%x", "|", ">", "|x", ">x",
         "a,b", "[a]", "{a}", "a]", "a}", "a, b", "'", '"', "''", "", " ", "events", "events:", "- events", "#", "a\u2003b", "\u3000", "x y z " * 3,
         "1.0e+3 x", "a\nb", "a\n\nb", "a\n b", "\nlead", "trail\n", "trail\n\n", " \n x", "x \ny", "x\n\n\n"]



class Grammar:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def pick(self) -> str:
        return self.rng.choice(WORDS)

    def scalar(self, s, ind, flow):
        st = self.rng.random()
        if st < 0.35 and "\n" not in s:
            return s  # plain (maybe invalid)
        if st < 0.5:
            return "'" + s.replace("'", "''").replace("\n", "\n\n" + " " * (ind + self.rng.randint(0, 2))) + "'"
        if st < 0.6:
            return '"' + s.replace('"', "'").replace("\n", "\n\n" + " " * (ind + self.rng.randint(0, 2))) + '"'
        if st < 0.7 and " " in s.strip():
            # multi-line fold of plain/quoted
            q = self.rng.choice(["", "'", '"'])
            words = s.replace("'", "").replace('"', "").split(" ")
            out = q + words[0]
            for w in words[1:]:
                out += self.rng.choice([" ", "\n" + " " * (ind + self.rng.randint(0, 3)), " \n" + " " * (ind + 1), "\n\n" + " " * (ind + 1)]) + w
            return out + q
        if flow:
            return "'" + s.replace("'", "''") + "'"
        # block scalar
        ch = self.rng.choice("|>") + self.rng.choice(["", "-", "+", "1", "2", "-1", "2+", "+2"]) + self.rng.choice(["", " # c"])
        extra = self.rng.randint(0, 2)
        pad = " " * (ind + 2 + extra)
        lines = s.split("\n")
        body = "\n".join((pad + l if l or self.rng.random() < 0.5 else self.rng.choice(["", "  ", pad + " "])) for l in lines)
        return ch + "\n" + body

    def comment(self):
        return self.rng.choice(["", "", "", " # c", " #c#", " # - x: y", " #x"])

    def value(self, ind, depth, flow=False):
        r = self.rng.random()
        if depth > 2 or r < 0.55:
            return self.scalar(self.pick(), ind, flow), False
        if flow or r < 0.7:
            if self.rng.random() < 0.5:
                items = [self.value(ind + 2, depth + 1, True)[0] for _ in range(self.rng.randint(0, 3))]
                sep = self.rng.choice([", ", ",", ",\n" + " " * (ind + 2), " ,", ",\n\n" + " " * (ind + 1)])
                return "[" + sep.join(items) + self.rng.choice(["", ",", "\n" + " " * (ind + 1)]) + "]", False
            items = []
            for _ in range(self.rng.randint(0, 3)):
                k = self.scalar(self.pick(), ind + 2, True) if self.rng.random() < 0.5 else "k%d" % self.rng.randint(0, 9)
                v = self.value(ind + 2, depth + 1, True)[0] if self.rng.random() < 0.9 else ""
                items.append(k + self.rng.choice([": ", ":", ": "]) + v if v else k)
            sep = self.rng.choice([", ", ",\n" + " " * (ind + 2)])
            return "{" + sep.join(items) + "}", False
        if r < 0.85:
            return self.block_map(ind + self.rng.choice([1, 2, 4]), depth + 1), True
        return self.block_seq(ind + self.rng.choice([0, 2]), depth + 1), True

    def block_map(self, ind, depth, n=None):
        out = []
        keys = set()
        for _ in range(n or self.rng.randint(1, 4)):
            k = self.rng.choice(["k%d" % self.rng.randint(0, 20), "id", "note", "'q%d'" % self.rng.randint(0, 9), "events", "x", "y"])
            if k in keys: continue
            keys.add(k)
            v, blk = self.value(ind, depth)
            if blk: out.append(" " * ind + k + ":" + self.comment() + "\n" + v)
            else: out.append(" " * ind + k + ": " + v + self.comment())
            if self.rng.random() < 0.15: out.append(self.rng.choice(["", " " * self.rng.randint(0, 6), "# x", " " * ind + "# c"]))
        return "\n".join(out)

    def block_seq(self, ind, depth, n=None):
        out = []
        for _ in range(n or self.rng.randint(1, 4)):
            r = self.rng.random()
            if r < 0.4:
                v, blk = self.value(ind + 2, depth)
                if blk: out.append(" " * ind + "-" + self.rng.choice(["", " # n"]) + "\n" + v)
                else: out.append(" " * ind + "-" + " " * self.rng.randint(1, 3) + v + self.comment())
            elif r < 0.8:
                m = self.block_map(ind + 2, depth + 1)
                out.append(" " * ind + "- " + m[ind + 2:])
            else:
                s = self.block_seq(ind + 2, depth + 1, 2)
                out.append(" " * ind + "- " + s[ind + 2:])
            if self.rng.random() < 0.1: out.append(self.rng.choice(["", "  ", "# c", " " * (ind + 1) + "# c"]))
        return "\n".join(out)

    def doc(self):
        parts = ["armicheck: 1", "id: t"]
        if self.rng.random() < 0.3:
            parts.append(self.block_map(0, 0))
        ev_ind = self.rng.choice([0, 2, 4])
        if self.rng.random() < 0.15:
            parts.append("events: " + self.value(0, 1, True)[0])
        else:
            parts.append("events:" + self.comment() + "\n" + self.block_seq(ev_ind, 1, self.rng.randint(1, 4)))
        if self.rng.random() < 0.4:
            parts.append(self.block_map(0, 0))
        t = "\n".join(parts) + self.rng.choice(["\n", "", "\n\n", "\n# end\n"])
        if self.rng.random() < 0.1:  # top-level flow
            t = "{armicheck: 1, a: " + self.value(0, 1, True)[0] + ", events: " + self.value(0, 1, True)[0] + "}\n"
        return t
