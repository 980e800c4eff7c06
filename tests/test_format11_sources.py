"""Format 1.1: statements from real reports, each written in the new terms, validated, and
producing the facts it should (shown by --explain, asserted here).

Each statement `Snn` is marked in its file under tests/format11/ by a comment quoting the
source sentence with its URL. A statement belongs to one of the issue's bullets; every bullet
has statements. The facts are read from the `--explain` JSON entry (`facts` per event), the
findings and the determination rows the same run writes; an actor that does nothing is read
from the derived actors (`facts.derive_facts`).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from armicheck.facts import derive_facts
from armicheck.facts.additions import additions
from armicheck.packs import load_builtin
from armicheck.run.check import Options, check_file, check_text

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "format11"
RULESET = load_builtin()
BULLETS = {"uncertainty", "actors", "acts", "sources-claims", "determinations"}


@cache
def explained(name: str) -> dict[str, Any]:
    entry = check_file(str(CORPUS / name), RULESET, Options(explain=True))
    assert not entry["errors"], entry["errors"]
    return entry


def facts(name: str, event: str) -> dict[str, Any]:
    (found,) = [e["facts"] for e in explained(name)["facts"] if e["event"] == event]
    return found


def finding(name: str, rule: str, event: str) -> dict[str, Any]:
    (found,) = [f for f in explained(name)["findings"] if f["rule_id"] == rule
                and event in f["events"]]
    return found


def row(name: str, det: int, index: int) -> dict[str, Any]:
    return explained(name)["determinations"][det]["findings"][index]


def actor(name: str, actor_id: str) -> Any:
    data = yaml.safe_load((CORPUS / name).read_text(encoding="utf-8"))
    return derive_facts(data).actors[actor_id]


def evidence(name: str, rule: str, event: str, source: str) -> dict[str, Any]:
    (found,) = [e for e in finding(name, rule, event)["evidence"] if e["source"] == source]
    return found


W24 = "2024-06-18-mdl-crossing-work-party.yaml"
C20 = "2020-05-03-cheorwon-gp-shooting.yaml"
Y10 = "2010-11-23-yeonpyeong-shelling.yaml"
I70 = "1970-06-05-patrol-vessel-i-2.yaml"
B70 = "1970-05-29-fishing-boat-bongsan.yaml"
H17 = "2017-10-21-fishing-boat-391-hungjin.yaml"
B19 = "2019-07-27-wooden-boat-towed.yaml"
P22 = "2022-03-08-nll-patrol-boat.yaml"
D17 = "2017-11-13-jsa-defection.yaml"
CH10 = "2010-03-26-cheonan.yaml"
M16 = "2016-08-jsa-bridge-of-no-return-mines.yaml"
Y15 = "2015-08-20-yeoncheon-artillery-exchange.yaml"
A76 = "1976-08-18-jsa-axe-murder.yaml"
T75 = "1975-03-19-second-tunnel.yaml"
D22 = "2022-12-26-drones.yaml"
I92 = "1992-05-22-cheorwon-dmz-infiltration.yaml"


def _s01() -> None:
    assert facts(W24, "crossing")["actor.count"] == {"min": 20, "max": 30}


def _s02() -> None:
    got = facts(W24, "crossing")
    assert got["event.date"] == "2024-06-18T08:00:00+09:00 to 2024-06-18T09:00:00+09:00"
    assert got["event.time.precision"] == "about"


def _s03() -> None:
    got = facts(W24, "crossing")
    assert (got["actor.role"], got["actor.role_text"]) == ("work-party",
                                                           "soldiers carrying work tools")


def _s04() -> None:
    got = facts(W24, "warning-shots")
    assert got["action"] == "fire" and got["event.warning"] is True


def _s05() -> None:
    got = facts(W24, "warning-broadcast")
    assert (got["action"], got["event.medium"]) == ("broadcast", "loudspeaker")


def _s06() -> None:
    assert facts(W24, "crossing")["event.intent"] == "accidental"


def _s07() -> None:
    got = facts(W24, "crossing")
    assert (got["event.claims"], got["event.claimed_by"]) == (["statement"], ["rok"])


def _s08() -> None:
    got = facts(C20, "kpa-rounds")
    assert (got["event.calibre_mm"], got["arms"], got["event.rounds"]) == (14.5, ["small-arms"],
                                                                           4)


def _s09() -> None:
    assert facts(C20, "kpa-rounds")["event.intent"] == "undetermined"


def _s10() -> None:
    got = facts(C20, "kpa-rounds")
    assert (got["event.damage"], got["event.damage.extent"]) == (["guard-post"], ["damaged"])


def _s11() -> None:  # 07:41 and "32 minutes later": an exact time, an instant
    got = facts(C20, "rok-return-fire")
    assert got["event.date"] == "2020-05-03T08:13:00+09:00"
    assert "event.time.precision" not in got


def _s12() -> None:
    assert facts(C20, "rok-return-fire")["event.rounds"] == {"min": 20, "max": 30}


def _s13() -> None:
    kpa, unc = row(C20, 0, 0), row(C20, 0, 1)
    assert (kpa["force"], kpa["events"], kpa["agreed"]) == ("KPA", ["kpa-rounds"], True)
    assert (unc["force"], unc["events"], unc["agreed"]) == ("ROK", ["rok-return-fire"], True)
    assert unc["tool_findings"] == ["KAA-I-6-FIRE"]


def _s14() -> None:  # one claim, two sources, each with its quote
    got = facts(C20, "rok-return-fire")
    assert (got["event.claims"], got["event.claimed_by"]) == (["position"], ["rok"])
    assert additions(yaml.safe_load((CORPUS / C20).read_text()))["claim-sources"] == 1


def _s15() -> None:
    assert "non-party" in facts(C20, "kpa-rounds")["event.claimed_by"]


def _s16() -> None:
    assert facts(C20, "kpa-rounds")["event.claims"] == ["position", "statement"]


def _s17() -> None:
    got = evidence(C20, "KAA-I-6-FIRE", "kpa-rounds", "yonhap-2020-05-03")
    assert (got["publisher"], got["relayed_by"]) == ("Yonhap", ["Pan Pacific Agency"])


def _s18() -> None:
    got = facts(Y10, "shelling")
    assert got["event.date"] == "2010-11-23T14:04:00+09:00 to 2010-11-23T16:04:00+09:00"
    quote = evidence(Y10, "KAA-II-12-ATTACK", "shelling", "kbs-de-2010-11-24")
    assert quote["language"] == "de" and quote["quote"].startswith("Das nordkoreanische")
    assert quote["translation"].startswith("On Tuesday at about 14:34")


def _s19() -> None:
    got = facts(Y10, "shelling")
    assert (got["event.casualties"], got["event.casualties.civilian"],
            got["event.casualties.sides"]) == (22, 5, ["unc"])


def _s20() -> None:
    assert facts(Y10, "shelling")["event.intent"] == "deliberate"


def _s21() -> None:
    assert facts(Y10, "counter-fire")["event.rounds"] == {"min": 81, "max": None}


def _s22() -> None:  # several targets; the civilians are no party's force
    got = facts(Y10, "shelling")
    assert (got["event.targets"], got["event.target.sides"]) == (["marines", "workers"],
                                                                 ["unc"])
    workers = actor(Y10, "workers")
    assert (workers.nationality, workers.force, workers.side) == ("ROK", None, None)


def _s23() -> None:  # "consistent", agreed since issue 20: the counter-fire is aimed back at
    # the guns whose shelling struck the island, and comes after it in the file (inferred)
    got = row(Y10, 0, 1)
    assert (got["outcome"], got["agreed"], got["second_hand"]) == ("consistent", True, True)
    assert got["reason"].startswith(
        "consistent, as the body found: the tool finds no violation or possible violation by "
        "unc (ROK) under kaa-1953 on event(s) counter-fire; exception applied: "
        "KAA-II-12-ATTACK (Return fire in self-defence")
    assert got["tool_findings"] == [] and got["tool_exceptions"] == ["KAA-II-12-ATTACK"]


def _s24() -> None:
    assert facts(Y10, "counter-fire")["actor.branch"] == "marine-corps"


def _s25() -> None:  # a new act: a fact for rules, no finding by itself
    got = facts(I70, "sinking")
    assert (got["action"], got["event.damage"], got["event.damage.extent"]) == (
        "sink", ["vessel"], ["sunk"])
    assert explained(I70)["findings"] == []


def _s26() -> None:
    assert facts(I70, "sinking")["actor.branch"] == "navy"
    assert facts(I70, "sinking")["actor.kinds"] == ["soldier", "vessel"]


def _s27() -> None:
    got = facts(I70, "abduction")
    assert (got["action"], got["event.targets"], got["event.target.sides"]) == (
        "abduct", ["i-2-crew"], ["unc"])


def _s28() -> None:
    crew = actor(B70, "fishermen")
    assert (crew.kind, crew.role, crew.nationality, crew.count, crew.force) == (
        "civilian", "fisherman", "ROK", 28, None)


def _s29() -> None:
    got = facts(B70, "boarding")
    assert (got["action"], got["actor.role"], got["actor.role_text"], got["arms"]) == (
        "board", "raiding-party", "commandos", ["automatic-rifle"])


def _s30() -> None:
    got = facts(B70, "towing")
    assert (got["action"], got["event.targets"]) == ("tow", ["bongsan"])
    assert explained(B70)["findings"] == []


def _s31() -> None:
    assert actor(H17, "vietnamese-crew").nationality == "other"
    assert actor(H17, "korean-crew").nationality == "ROK"  # from the boat, through part_of


def _s32() -> None:
    assert facts(H17, "detention")["event.claimed_by"] == ["dprk", "non-party"]


def _s33() -> None:
    got = facts(H17, "detention")
    assert (got["action"], got["event.attribution"]) == ("detain", "confirmed")


def _s34() -> None:
    assert facts(H17, "detention")["event.claims"] == ["accusation", "position"]


def _s35() -> None:
    got = facts(B19, "crossing")
    assert (got["actor.nationality"], got["actor.kinds"]) == ("DPRK", ["unknown", "vessel"])
    assert "actor.force" not in got  # stated by no one: a civilian boat is no force


def _s36() -> None:
    assert facts(B19, "crossing")["event.date"] == \
        "2019-07-27T22:51:00+09:00 to 2019-07-27T23:51:00+09:00"


def _s37() -> None:
    got = facts(B19, "crossing")
    assert (got["event.claims"], got["event.claimed_by"]) == (["statement"], ["non-party"])


def _s38() -> None:
    assert facts(P22, "patrol-boat-crossing")["event.date"] == "2022-03-08T09:49:00+09:00"


def _s39() -> None:
    assert facts(P22, "warning-shots")["event.warning"] is True
    got = facts(P22, "seizure")
    assert (got["action"], got["event.targets"]) == ("detain", ["stray-boat"])


def _s40() -> None:
    assert facts(P22, "stray-crossing")["event.claimed_by"] == ["non-party"]


def _s41() -> None:
    assert facts(D17, "drive")["actor.kinds"] == ["soldier", "vehicle"]


def _s42() -> None:
    got = facts(D17, "rescue")
    assert got["actor.role_text"] == "a deputy commander and two noncommissioned officers"
    assert got["actor.branch"] == "army"  # from jsa-bn, through part_of


def _s43() -> None:
    got = evidence(D17, "KAA-I-6-FIRE", "shots", "kng-yonhap")
    assert (got["publisher"], got["relayed_by"]) == ("Yonhap News Agency", ["Korea News Gazette"])


def _s44() -> None:
    got = facts(D17, "rescue")
    assert got["event.date"] == "2017-11-13T15:56:00+09:00 to 2017-11-13T16:04:00+09:00"
    assert got["event.time.precision"] == "until"


def _s45() -> None:  # "consistent", agreed
    got = row(D17, 1, 0)
    assert (got["outcome"], got["force"], got["events"], got["agreed"]) == (
        "consistent", "ROK", ["rescue"], True)
    assert got["reason"] == ("consistent, as the body found: the tool finds no violation or "
                             "possible violation by unc (ROK) under kaa-1953 on event(s) rescue")


def _s46() -> None:
    got = facts(CH10, "torpedo")
    assert (got["arms"], got["event.attribution"], got["event.damage.extent"]) == (
        ["torpedo"], "reported", ["sunk"])
    assert "attribution reported (0.8)" in finding(CH10, "KAA-II-12-ATTACK",
                                                   "torpedo")["confidence_basis"]


def _s47() -> None:
    got = facts(CH10, "torpedo")
    assert (got["event.casualties"], got["event.casualties.sides"]) == (46, ["unc"])


def _s48() -> None:
    assert evidence(CH10, "KAA-II-12-ATTACK", "torpedo", "kiwix-wp")["kind"] == "reference"


def _s49() -> None:
    got = row(CH10, 0, 0)
    assert (got["act_by"], got["act_alternatives"], got["second_hand"], got["agreed"]) == (
        "writer", ["naval-incursion"], True, True)
    assert "the body named no act" in got["reason"] and "second-hand" in got["reason"]


def _s50() -> None:
    got = facts(CH10, "torpedo")
    assert (got["event.claims"], got["event.claimed_by"]) == (["denial"], ["dprk"])


def _s51() -> None:
    got = facts(M16, "emplacement")
    assert got["event.date"] == "2016-08-01T00:00:00+09:00 to 2016-09-01T00:00:00+09:00"
    assert (got["event.time.precision"], got["event.object_count"]) == (
        "month", {"min": 2, "max": None})


def _s52() -> None:
    got = evidence(M16, "JSA53-MINES", "emplacement", "ap-aol")
    assert (got["publisher"], got["relayed_by"]) == ("Associated Press", ["AOL"])


def _s53() -> None:
    got = row(M16, 0, 0)
    assert (got["second_hand"], got["act_by"], got["agreed"]) == (True, "writer", True)
    assert explained(M16)["determinations"][0]["second_hand"] is True


def _s54() -> None:
    assert facts(M16, "emplacement")["event.claims"] == ["position"]


def _s55() -> None:
    got = facts(Y15, "aa-round")
    assert got["event.date"] == "2015-08-20T15:52:00+09:00 to 2015-08-20T15:53:00+09:00"
    assert (got["event.time.precision"], got["event.calibre_mm"]) == ("between", 14.5)


def _s56() -> None:
    got = facts(Y15, "direct-fire")
    assert got["event.date"] == "2015-08-20T16:12:00+09:00 to 2015-08-20T16:15:00+09:00"
    assert got["event.calibre_mm"] == 76.2


def _s57() -> None:
    got = facts(Y15, "counter-fire")
    assert (got["event.rounds"], got["event.calibre_mm"]) == ({"min": 24, "max": None}, 155)


def _s58() -> None:
    got = facts(Y15, "loudspeakers")
    assert (got["actor.role"], got["actor.role_text"], got["event.medium"]) == (
        "psychological-operations", "loudspeaker positions", "loudspeaker")


def _s59() -> None:
    got = evidence(Y15, "KAA-I-6-FIRE", "counter-fire", "reuters")
    assert (got["publisher"], got["relayed_by"]) == ("Reuters", ["mpelembe.net"])


def _s60() -> None:
    assert evidence(Y15, "KAA-I-6-FIRE", "direct-fire", "mda")["kind"] == "ngo"


def _s61() -> None:  # the events named once for the determination
    got = row(Y15, 0, 0)
    assert (got["events"], got["agreed"]) == (["aa-round", "direct-fire"], True)


def _s62() -> None:
    assert facts(Y15, "aa-round")["event.claims"] == ["denial"]
    got = facts(Y15, "counter-fire")
    assert (got["event.claims"], got["event.claimed_by"]) == (["accusation"], ["kpa"])


def _s63() -> None:
    workers = actor(A76, "work-party")
    assert (workers.nationality, workers.force, workers.side, workers.armed_forces) == (
        "ROK", None, "unc", False)


def _s64() -> None:  # "dozens" straddles the limit of 35: a possible violation, with why
    assert facts(A76, "guards-present")["actor.count"] == {"min": 24, "max": None}
    got = finding(A76, "JSA53-GUARDS", "guards-present")
    assert got["status"] == "possible-violation"
    assert "indeterminate: actor.count is stated as at least 24, which may or may not be > 35" \
        in got["reasons"]


def _s65() -> None:
    assert facts(A76, "reinforcements")["actor.kinds"] == ["soldier", "vehicle"]


def _s66() -> None:
    assert evidence(A76, "KAA-I-6-HOSTILE", "kcna-version", "kcna-summary")["kind"] == \
        "reference"


def _s67() -> None:
    data = yaml.safe_load((CORPUS / A76).read_text(encoding="utf-8"))
    assert data["sources"]["kinu-2009"]["kind"] == "scholarly"
    assert additions(data)["source-kind"] == 3


def _s68() -> None:
    assert evidence(A76, "JSA53-GUARDS", "paul-bunyan", "fbis-kcna")["kind"] == "government"


def _s69() -> None:
    assert facts(A76, "guards-present")["event.date"] == \
        "1976-08-18T10:15:00+09:00 to 1976-08-18T11:15:00+09:00"


def _s70() -> None:
    got = facts(A76, "attack")
    assert got["event.targets"] == ["barrett", "bonifas", "security-detail"]
    assert (got["event.target.sides"], got["event.casualties"]) == (["unc"], 11)


def _s71() -> None:  # an alleged act by an alleged author: never a confident violation
    assert facts(A76, "kcna-version")["event.attribution"] == "alleged"
    got = finding(A76, "KAA-I-6-HOSTILE", "kcna-version")
    assert got["status"] == "possible-violation"
    assert "that security-detail did it is only alleged (attribution: alleged)" in got["reasons"]
    assert got["confidence_basis"].startswith(  # issue 20: its inferred position too
        "event kcna-version: alleged (0.4), attribution alleged (0.4), position inferred "
        "(x0.6): 0.24 x")


def _s72() -> None:  # "more than 300": every value is above 35: a violation
    got = finding(A76, "JSA53-GUARDS", "paul-bunyan")
    assert got["status"] == "violation" and got["message"].startswith("at least 301 US guards")
    assert facts(A76, "paul-bunyan")["event.damage.extent"] == ["destroyed"]


def _s73() -> None:
    assert facts(A76, "attack")["event.claimed_by"] == ["kpa", "unc"]


def _s74() -> None:
    got = facts(D22, "rok-neutralise")
    assert (got["event.targets"], got["event.intent"]) == (["kpa-drones"], "deliberate")


def _s75() -> None:  # "consistent", agreed, with the exception that holds
    got = row(D22, 1, 0)
    assert (got["outcome"], got["agreed"], got["tool_exceptions"]) == (
        "consistent", True, ["KAA-II-12-ATTACK"])
    assert got["reason"].startswith("consistent, as the body found: the tool finds no "
                                    "violation or possible violation by unc (ROK)")
    assert "exception applied: KAA-II-12-ATTACK" in got["reason"]


def _s76() -> None:
    got = facts(T75, "dig")
    assert (got["action"], got["event.time.precision"], got["event.attribution"]) == (
        "tunnel", "year", "reported")
    assert got["event.date"] == "1975-01-01T00:00:00+09:00 to 1976-01-01T00:00:00+09:00"
    # issue 20: a tunnel with no course or end stated is no silent miss
    (only,) = explained(T75)["findings"]
    assert (only["rule_id"], only["status"]) == ("KAA-I-7-TUNNEL", "possible-violation")
    assert "tunnel.end" in " ".join(only["reasons"])


def _s77() -> None:  # the writer's act and its alternative; issue 20: KAA-I-7-TUNNEL reads it
    got = row(T75, 0, 0)
    assert got["agreed"] and got["tool_findings"] == ["KAA-I-7-TUNNEL"]


def _s78() -> None:
    assert facts(I92, "crossing")["actor.role_text"] == "무장침투조 (armed infiltration team)"
    assert facts(I92, "rok-fire")["actor.role_text"] == "육군 수색대 (Army reconnaissance unit)"


def _s79() -> None:
    got = evidence(I92, "KAA-I-7", "crossing", "hankyung")
    assert (got["language"], got["quote"]) == ("ko", "북한군이 군사분계선을 넘어 들어와 일어났으며")
    assert got["translation"].startswith("(it) happened when North Korean soldiers came across")


def _s80() -> None:
    got = facts(B70, "fishing")
    assert (got["actor.kinds"], got["actor.nationality"]) == (["civilian", "vessel"], "ROK")
    assert "actor.force" not in got and "actor.side" not in got


STATEMENTS: dict[str, tuple[str, str, Any]] = {
    "S01": ("uncertainty", W24, _s01), "S02": ("uncertainty", W24, _s02),
    "S03": ("actors", W24, _s03), "S04": ("acts", W24, _s04), "S05": ("acts", W24, _s05),
    "S06": ("acts", W24, _s06), "S07": ("sources-claims", W24, _s07),
    "S08": ("acts", C20, _s08), "S09": ("acts", C20, _s09), "S10": ("acts", C20, _s10),
    "S11": ("uncertainty", C20, _s11), "S12": ("uncertainty", C20, _s12),
    "S13": ("determinations", C20, _s13), "S14": ("sources-claims", C20, _s14),
    "S15": ("sources-claims", C20, _s15), "S16": ("sources-claims", C20, _s16),
    "S17": ("sources-claims", C20, _s17), "S18": ("uncertainty", Y10, _s18),
    "S19": ("acts", Y10, _s19), "S20": ("acts", Y10, _s20), "S21": ("uncertainty", Y10, _s21),
    "S22": ("actors", Y10, _s22), "S23": ("determinations", Y10, _s23),
    "S24": ("actors", Y10, _s24), "S25": ("acts", I70, _s25), "S26": ("actors", I70, _s26),
    "S27": ("acts", I70, _s27), "S28": ("actors", B70, _s28), "S29": ("actors", B70, _s29),
    "S30": ("acts", B70, _s30), "S31": ("actors", H17, _s31),
    "S32": ("sources-claims", H17, _s32), "S33": ("acts", H17, _s33),
    "S34": ("sources-claims", H17, _s34), "S35": ("actors", B19, _s35),
    "S36": ("uncertainty", B19, _s36), "S37": ("sources-claims", B19, _s37),
    "S38": ("uncertainty", P22, _s38), "S39": ("acts", P22, _s39),
    "S40": ("sources-claims", P22, _s40), "S41": ("actors", D17, _s41),
    "S42": ("actors", D17, _s42), "S43": ("sources-claims", D17, _s43),
    "S44": ("uncertainty", D17, _s44), "S45": ("determinations", D17, _s45),
    "S46": ("acts", CH10, _s46), "S47": ("acts", CH10, _s47),
    "S48": ("sources-claims", CH10, _s48), "S49": ("determinations", CH10, _s49),
    "S50": ("sources-claims", CH10, _s50), "S51": ("uncertainty", M16, _s51),
    "S52": ("sources-claims", M16, _s52), "S53": ("determinations", M16, _s53),
    "S54": ("sources-claims", M16, _s54), "S55": ("uncertainty", Y15, _s55),
    "S56": ("uncertainty", Y15, _s56), "S57": ("uncertainty", Y15, _s57),
    "S58": ("actors", Y15, _s58), "S59": ("sources-claims", Y15, _s59),
    "S60": ("sources-claims", Y15, _s60), "S61": ("determinations", Y15, _s61),
    "S62": ("sources-claims", Y15, _s62), "S63": ("actors", A76, _s63),
    "S64": ("uncertainty", A76, _s64), "S65": ("actors", A76, _s65),
    "S66": ("sources-claims", A76, _s66), "S67": ("sources-claims", A76, _s67),
    "S68": ("sources-claims", A76, _s68), "S69": ("uncertainty", A76, _s69),
    "S70": ("acts", A76, _s70), "S71": ("uncertainty", A76, _s71),
    "S72": ("uncertainty", A76, _s72), "S73": ("sources-claims", A76, _s73),
    "S74": ("actors", D22, _s74), "S75": ("determinations", D22, _s75),
    "S76": ("acts", T75, _s76), "S77": ("determinations", T75, _s77),
    "S78": ("actors", I92, _s78), "S79": ("sources-claims", I92, _s79),
    "S80": ("actors", B70, _s80),
}


@pytest.mark.parametrize("sid", sorted(STATEMENTS))
def test_statement_produces_its_facts(sid: str) -> None:
    STATEMENTS[sid][2]()


@pytest.mark.parametrize("sid", sorted(STATEMENTS))
def test_statement_quotes_its_source_with_the_url(sid: str) -> None:
    """Each statement is marked in its file by a comment that quotes the source and links
    it (the comment block starting at `# Snn`, possibly shared: `# S01, S03:`)."""
    text = (CORPUS / STATEMENTS[sid][1]).read_text(encoding="utf-8").splitlines()
    starts = [i for i, line in enumerate(text) if re.match(rf"\s*# (S\d\d, )*{sid}\b", line)
              or re.match(rf"\s*# S\d\d(, S\d\d)*, {sid}\b", line)]
    assert starts, f"{sid} is not marked in {STATEMENTS[sid][1]}"
    block = []
    for line in text[starts[0]:]:
        if not line.strip().startswith("#"):
            break
        block.append(line)
    comment = " ".join(block)
    assert "http" in comment or re.search(r"\(as S\d\d\)|, as S\d\d\)", comment), comment


def test_the_corpus_covers_every_bullet_with_forty_statements() -> None:
    assert len(STATEMENTS) >= 40
    assert {bullet for bullet, _, _ in STATEMENTS.values()} == BULLETS
    every_file = {p.name for p in CORPUS.glob("*.yaml")}
    assert {name for _, name, _ in STATEMENTS.values()} == every_file


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_corpus_file_is_valid_format_1_1(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["armicheck"] == 1 and additions(data)
    assert not check_file(str(path), RULESET, Options())["errors"]


# --- the comparison's wording on "consistent" ------------------------------------------------

def test_consistent_without_events_is_judged_on_every_event_of_the_party() -> None:
    """The drones' "consistent" finding names the ROK's attempts to shoot the drones down;
    written without its events, the ROK UAVs' own flight north (a violation the same body
    found) contradicts it, and the reason says what the tool found instead."""
    data = yaml.safe_load((CORPUS / D22).read_text(encoding="utf-8"))
    del data["determinations"][1]["findings"][0]["events"]
    entry = check_text("drones-no-events.yaml", yaml.safe_dump(data, allow_unicode=True),
                       RULESET, Options())
    got = entry["determinations"][1]["findings"][0]
    assert got["agreed"] is False and got["events"] == []
    assert got["reason"].startswith(
        "not consistent: the body found unc (ROK)'s conduct consistent with kaa-1953 on any "
        "event, but the tool finds KAA-II-16-AIR (violation, airspace-incursion, event(s) "
        "rok-uavs-north) (why: KAA-II-16-AIR on event rok-uavs-north: exception "
        "mac-authorized: no (authorized_by [equals: mac] is None)")  # issue 20: and why
    assert got["tool_findings"] == ["KAA-II-16-AIR"]
    # the finding the body judged the other way is not "determined by no body"
    assert "KAA-II-16-AIR" not in [u["rule_id"] for u in entry["undetermined"]]


def test_the_comparison_wording_reaches_every_format(cli) -> None:
    """Table, markdown, SARIF (run properties) and the GitHub step summary all carry the
    outcome and the contract's reason."""
    path = str(CORPUS / D17)
    table = cli("evaluate", path, "--fail-on", "never")
    assert "unc (ROK) consistent with kaa-1953: tool agrees: consistent, as the body found" \
        in table.stdout
    markdown = cli("evaluate", path, "-f", "markdown", "--fail-on", "never")
    assert "| unc (ROK) | consistent | kaa-1953 | — | agrees: consistent, as the body found" \
        in markdown.stdout
    import json

    sarif = json.loads(cli("evaluate", path, "-f", "sarif", "--fail-on", "never").stdout)
    (item,) = sarif["runs"][0]["properties"]["determinations"]
    assert item["determinations"][1]["findings"][0]["outcome"] == "consistent"
