"""What a finding rests on: each cited source and quote, and a confidence that grades the
sources (Admiralty code, or the kind of source) and the event's certainty."""

from __future__ import annotations

from typing import Any

from armicheck.facts.derive import EventFacts

CERTAINTY_FACTOR = {"confirmed": 1.0, "reported": 0.8, "inferred": 0.6, "alleged": 0.4}
# format 1.1: who did it, apart from whether it happened; disputed (sources disagree on who)
# sits between alleged and inferred
ATTRIBUTION_FACTOR = {**CERTAINTY_FACTOR, "disputed": 0.5}
# issue 20: a position's own stated certainty, where less than confirmed (a position that
# states none is as certain as its event, and leaves the confidence as it is)
POSITION_FACTOR = {"reported": CERTAINTY_FACTOR["reported"],
                   "inferred": CERTAINTY_FACTOR["inferred"], "alleged": CERTAINTY_FACTOR["alleged"]}
RELIABILITY = {"A": 1.0, "B": 0.9, "C": 0.75, "D": 0.6, "E": 0.45, "F": 0.6}
CREDIBILITY = {1: 1.0, 2: 0.9, 3: 0.75, 4: 0.55, 5: 0.35, 6: 0.6}
# format 1.1 kinds: government publications a little under an investigating body's own word;
# scholarly work as a careful secondary source; NGOs as open-source analysts; reference works
# (encyclopedias, wikis) as a source of unknown kind
KIND_SCORE = {"official": 0.9, "imagery": 0.85, "press": 0.75, "osint": 0.7, "testimony": 0.65,
              "government": 0.85, "scholarly": 0.8, "ngo": 0.7, "reference": 0.6}


def _grade(src: dict[str, Any]) -> str | None:
    if "reliability" in src or "credibility" in src:
        return f"{src.get('reliability', '?')}{src.get('credibility', '?')}"
    return None


def cited_evidence(events: list[EventFacts], sources: dict[str, Any],
              described: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Each cited source and quote once; `described` remembers what a finding says of each
    source across an incident's findings."""
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str | None]] = set()
    for ev in events:
        for item in ev.event.get("cite") or ():
            sid, quote = (item, None) if isinstance(item, str) else (item["source"],
                                                                     item.get("quote"))
            if (sid, quote) in seen:
                continue
            seen.add((sid, quote))
            about = described.get(sid)
            if about is None:
                src = sources.get(sid, {})
                about = described[sid] = {
                    "publisher": src.get("publisher"), "title": src.get("title"),
                    "date": src.get("date"), "url": src.get("url"), "kind": src.get("kind"),
                    "grade": _grade(src)}
                if "relayed_by" in src:  # format 1.1: where a wire story was read
                    about["relayed_by"] = [r["publisher"] for r in src["relayed_by"]]
            item_out = {"source": sid, "quote": quote, "event": ev.id, **about}
            if len(item) > 2 and not isinstance(item, str):  # format 1.1: the quote's
                for key in ("language", "translation", "translated_by"):  # language etc.
                    if key in item:
                        item_out[key] = item[key]
            out.append(item_out)
    return out


def source_score(src: dict[str, Any]) -> float:
    if "reliability" in src or "credibility" in src:
        return RELIABILITY.get(src.get("reliability", "F"), 0.6) * CREDIBILITY.get(
            src.get("credibility", 6), 0.6)
    return KIND_SCORE.get(src.get("kind", ""), 0.6)


def graded_confidence(events: list[EventFacts], sources: dict[str, Any],
                scores: dict[str, float]) -> tuple[float, str]:
    """Best event: its certainty x its best source, plus a little for independent sources.
    `scores` remembers each source's score across an incident's findings; the basis is
    worded only for an event that beats the best so far."""
    best, basis = 0.0, "no event"
    for ev in events:
        certainty = ev.values["event.certainty"]
        attribution = ev.event["attribution"] if "attribution" in ev.event else None
        top = -1.0
        publishers: set[Any] = set()
        for item in ev.event.get("cite") or ():
            sid = item if isinstance(item, str) else item["source"]
            src = sources.get(sid)
            if src is not None:
                score = scores.get(sid)
                if score is None:
                    score = scores[sid] = source_score(src)
                if score > top:
                    top = score
                publishers.add(src.get("publisher"))
        # issue 20: a position less certain than reported (inferred, alleged: stated, or a
        # place only named) lowers the confidence too; absent for most events
        position = ev.values["position.certainty"] if ev.positions else None
        scored = _event_confidence(certainty, top, len(publishers), attribution, position)
        if scored[0] > best:
            best, basis = scored[0], f"event {ev.id}: {scored[1]}"
    return best, basis


def _event_confidence(certainty: str, top: float, publishers: int,
                      attribution: str | None = None,
                      position: str | None = None) -> tuple[float, str]:
    cf = CERTAINTY_FACTOR.get(certainty, 0.8)
    said = f"{certainty} ({cf:g})"
    if attribution is not None:
        # a finding needs both the act and who did it: the weaker of the two counts
        af = ATTRIBUTION_FACTOR[attribution]
        said = f"{said}, attribution {attribution} ({af:g})"
        if af < cf:
            cf = af
            said += f": {af:g}"
    if position in POSITION_FACTOR:
        # where it happened is a further uncertainty on top of whether and who: it multiplies
        pf = POSITION_FACTOR[position]
        cf = round(cf * pf, 4)
        said = f"{said}, position {position} (x{pf:g}): {cf:g}"
    if top < 0:
        return round(cf * 0.3, 2), f"{said} x no source cited (0.3)"
    corroboration = min(0.1, 0.05 * (publishers - 1))
    why = (f"{said} x best source {top:.2f}"
           + (f" + {corroboration:.2f} for {publishers} publishers" if corroboration else ""))
    return round(cf * min(1.0, top + corroboration), 2), why
