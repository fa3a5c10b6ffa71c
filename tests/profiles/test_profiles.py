"""Profiles: the built-in nations' figures, council overrides and invalid profiles."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import attrs
import pytest

from safeplan._errors import ProfileError
from safeplan._profiles import (
    AgeBand,
    Nation,
    Period,
    Profile,
    builtin_profile_names,
    load_profile,
    nation_profile,
)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def period(amount: int, unit: str) -> Period:
    return Period(amount=amount, unit=unit)  # type: ignore[arg-type]


# --- the built-in nations --------------------------------------------------------------------


def test_every_nation_has_a_builtin_profile() -> None:
    assert builtin_profile_names() == ("england", "wales", "scotland", "northern-ireland")
    for nation in Nation:
        profile = nation_profile(nation)
        assert profile.nation is nation
        assert profile.name == nation.value
        assert profile.extends is None


def test_england_timescales() -> None:
    t = nation_profile("england").timescales
    assert t.first_conference == period(15, "working-days")
    assert t.first_core_group == period(10, "working-days")
    assert t.core_group_interval is None
    assert t.first_review == period(3, "months")
    assert t.first_review_pre_birth is None
    assert t.later_reviews == period(6, "months")
    assert t.source == "Working Together to Safeguard Children 2023, chapter 3"


def test_wales_timescales() -> None:
    t = nation_profile(Nation.WALES).timescales
    assert t.first_conference is None  # local in Wales
    assert t.first_core_group == period(10, "working-days")
    assert t.core_group_interval == period(6, "weeks")
    assert t.first_review == period(3, "months")
    assert t.later_reviews == period(6, "months")
    assert "Wales Safeguarding Procedures" in t.source


def test_scotland_timescales_and_meeting_names() -> None:
    profile = nation_profile("scotland")
    t = profile.timescales
    assert t.first_conference == period(28, "calendar-days")
    assert t.first_core_group == period(15, "working-days")
    assert t.first_review == period(6, "months")
    assert t.first_review_pre_birth == period(3, "months")
    assert t.later_reviews == period(6, "months")
    assert profile.meetings.strategy_discussion == "inter-agency referral discussion"
    assert profile.meetings.initial_conference == "child protection planning meeting"


def test_northern_ireland_timescales() -> None:
    profile = nation_profile("northern-ireland")
    t = profile.timescales
    assert t.first_conference is None
    assert t.first_core_group is None
    assert t.first_review == period(3, "months")
    assert t.later_reviews == period(6, "months")
    assert profile.visit_frequency == period(4, "weeks")
    assert profile.meetings.initial_conference == "initial child protection case conference"


def test_categories_by_nation() -> None:
    four = ("physical", "emotional", "sexual", "neglect")
    assert nation_profile("england").categories == four
    assert nation_profile("wales").categories == (*four, "financial")
    assert nation_profile("northern-ireland").categories == (*four, "exploitation")
    scotland = nation_profile("scotland").categories
    assert scotland[:4] == four
    assert "domestic-abuse" in scotland


def numbers(nation: str) -> dict[str, str]:
    return {h.name: h.number for h in nation_profile(nation).helplines}


def test_helplines_common_to_every_nation() -> None:
    for nation in builtin_profile_names():
        found = numbers(nation)
        assert found["Childline"] == "0800 1111"
        assert found["NSPCC Helpline"] == "0808 800 5000"
        assert found["Respect Phoneline"] == "0808 802 4040"
        assert found["Emergency services"] == "999"
        assert "55" in found["Silent Solution"]


def test_each_nation_has_its_own_domestic_abuse_helpline() -> None:
    assert numbers("england")["National Domestic Abuse Helpline"] == "0808 2000 247"
    assert numbers("england")["Family Rights Group advice line"] == "0808 801 0366"
    assert numbers("wales")["Live Fear Free Helpline"] == "0808 80 10 800"
    assert (
        numbers("scotland")["Scotland's Domestic Abuse and Forced Marriage Helpline"]
        == "0800 027 1234"
    )
    assert numbers("northern-ireland")["Domestic and Sexual Abuse Helpline"] == "0808 802 1414"
    # England's helpline and Family Rights Group's advice line serve England only.
    for nation in ("wales", "scotland", "northern-ireland"):
        assert "National Domestic Abuse Helpline" not in numbers(nation)
        assert "Family Rights Group advice line" not in numbers(nation)


def test_helplines_for_audience() -> None:
    profile = nation_profile("england")
    children = profile.helplines_for("children")
    assert [h.name for h in children] == ["Childline"]
    assert all(
        h.audience != "person-causing-harm" for h in profile.helplines_for("children", "everyone")
    )


def test_term_lists_hold_the_phrases_the_checks_need() -> None:
    profile = nation_profile("england")
    for term in (
        "appropriately",
        "engage with services",
        "work openly and honestly",
    ):
        assert term in profile.vague_terms
    for term in ("volatile", "toxic relationship", "altercation", "failure to protect", "chose to"):
        assert term in profile.blaming_terms


def test_language_order_and_reading_limits() -> None:
    assert nation_profile("wales").language_order == "welsh-first"
    assert nation_profile("england").language_order == "english-only"
    profile = nation_profile("scotland")
    assert profile.easy_read.max_sentence_words == 15
    assert profile.easy_read.min_font_pt == 14.0
    assert profile.max_reading_grade == 6.0
    assert profile.plain_english.min_font_pt == 12.0
    assert profile.protective_marking == "OFFICIAL-SENSITIVE"


def test_age_bands() -> None:
    profile = nation_profile("england")
    assert [(b.name, b.min_age, b.max_age) for b in profile.age_bands] == [
        ("5-7", 5, 7),
        ("8-12", 8, 12),
        ("13-17", 13, 17),
    ]
    assert profile.age_band(4) is None
    assert profile.age_band(5) == AgeBand(name="5-7", min_age=5, max_age=7)
    assert profile.age_band(12).name == "8-12"  # type: ignore[union-attr]
    assert profile.age_band(18) is None
    assert profile.child_min_age_years == 5
    assert profile.safety_plan_min_age_years == 7


def test_builtin_profiles_are_cached_and_frozen() -> None:
    assert nation_profile("wales") is nation_profile(Nation.WALES)
    assert load_profile("wales") is nation_profile("wales")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        nation_profile("wales").name = "x"  # type: ignore[misc]


def test_unknown_nation_is_a_profile_error() -> None:
    with pytest.raises(ProfileError, match="no nation called 'atlantis'"):
        nation_profile("atlantis")
    with pytest.raises(ProfileError, match="no profile called 'atlantis'"):
        load_profile("atlantis")


def test_period_describes_itself() -> None:
    assert str(period(15, "working-days")) == "15 working days"
    assert str(period(1, "months")) == "1 month"
    assert str(period(28, "calendar-days")) == "28 calendar days"


# --- council profiles ------------------------------------------------------------------------


def test_council_overrides_a_value_and_keeps_the_rest(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "cardiff.yaml",
        """\
        extends: wales
        timescales:
          first_conference: {amount: 15, unit: working-days}
          first_review: {amount: 2}
        categories: [physical, emotional, sexual, neglect]
        closure_days: [2026-12-29, 2026-12-30]
        """,
    )
    profile = load_profile(path)
    wales = nation_profile("wales")
    assert profile.name == "cardiff"  # from the file name when the file sets none
    assert profile.extends == "wales"
    assert profile.nation is Nation.WALES
    assert profile.timescales.first_conference == period(15, "working-days")
    # A mapping merges: the amount changed, the unit was inherited.
    assert profile.timescales.first_review == period(2, "months")
    assert profile.timescales.core_group_interval == period(6, "weeks")
    # A list replaces.
    assert profile.categories == ("physical", "emotional", "sexual", "neglect")
    assert profile.closure_days == (date(2026, 12, 29), date(2026, 12, 30))
    # Everything else is Wales's.
    assert profile.helplines == wales.helplines
    assert profile.language_order == "welsh-first"
    assert profile.blaming_terms == wales.blaming_terms


def test_council_can_remove_an_inherited_timescale_with_null(tmp_path: Path) -> None:
    path = write(
        tmp_path, "c.yaml", "extends: england\nname: c\ntimescales: {first_core_group: null}\n"
    )
    profile = load_profile(str(path))
    assert profile.name == "c"
    assert profile.timescales.first_core_group is None
    assert profile.timescales.first_conference == period(15, "working-days")


def test_council_profiles_chain_and_are_found_by_name(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", "extends: england\nprotective_marking: OFFICIAL\n")
    write(tmp_path, "team.yaml", "extends: base\nvisit_frequency: {amount: 4, unit: weeks}\n")
    profile = load_profile("team", search_paths=[tmp_path])
    assert profile.name == "team"
    assert profile.extends == "base"
    assert profile.protective_marking == "OFFICIAL"
    assert profile.visit_frequency == period(4, "weeks")
    assert profile.timescales == nation_profile("england").timescales


def test_council_file_may_share_a_builtin_name(tmp_path: Path) -> None:
    # A council's own wales.yaml extends the built-in wales instead of itself.
    write(
        tmp_path, "wales.yaml", "extends: wales\nname: wales-local\nlanguage_order: english-first\n"
    )
    profile = load_profile("wales", search_paths=[tmp_path])
    assert profile.name == "wales-local"
    assert profile.language_order == "english-first"
    assert profile.timescales == nation_profile("wales").timescales


def test_closure_days_from_a_council_profile_enter_its_calendar(tmp_path: Path) -> None:
    path = write(tmp_path, "c.yaml", "extends: england\nclosure_days: [2026-12-29]\n")
    calendar = load_profile(path).calendar
    assert not calendar.is_working_day(date(2026, 12, 29))
    assert nation_profile("england").calendar.is_working_day(date(2026, 12, 29))


# --- invalid profiles ------------------------------------------------------------------------


def error_of(path: Path) -> str:
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    return str(caught.value)


def test_unknown_key_names_file_and_key(tmp_path: Path) -> None:
    path = write(
        tmp_path, "council.yaml", "extends: wales\ntimescales:\n  first_reveiw: {amount: 2}\n"
    )
    message = error_of(path)
    assert message == (f"{path}: timescales.first_reveiw: unknown key (did you mean first_review?)")


def test_wrong_unit_names_file_and_key(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "council.yaml",
        "extends: wales\ntimescales:\n  first_review: {unit: fortnights}\n",
    )
    assert error_of(path) == (
        f"{path}: timescales.first_review.unit: "
        "must be one of working-days, calendar-days, weeks, months"
    )


def test_every_problem_is_reported_with_its_path(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "council.yaml",
        """\
        extends: england
        helplines:
          - {name: X, number: 999, hours: h, audience: kids, description: d}
        categories: physical
        closure_days: [2026-12-24, "24/12/2026"]
        timescales: {first_conference: {amount: 1.5, unit: weeks}}
        """,
    )
    lines = error_of(path).splitlines()
    assert sorted(lines) == sorted(
        [
            f"{path}: helplines[0].number: must be text (put it in quotes)",
            f"{path}: helplines[0].audience: must be one of children, adult-at-risk, "
            "person-causing-harm, parents, everyone",
            f"{path}: categories: must be a list",
            f"{path}: closure_days[1]: must be a date written as YYYY-MM-DD",
            f"{path}: timescales.first_conference.amount: must be a whole number",
        ]
    )


def test_missing_key_is_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path, "c.yaml", "extends: wales\ntimescales: {first_conference: {amount: 15}}\n"
    )
    assert error_of(path) == f"{path}: timescales.first_conference.unit: is required"


def test_value_rules_are_reported_with_their_path(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "c.yaml",
        """\
        extends: england
        timescales: {first_review: {amount: 0}}
        """,
    )
    assert error_of(path) == f"{path}: timescales.first_review.amount: must be 1 or more"
    path = write(
        tmp_path,
        "d.yaml",
        """\
        extends: england
        age_bands:
          - {name: a, min_age: 5, max_age: 9}
          - {name: b, min_age: 8, max_age: 12}
        """,
    )
    assert error_of(path).startswith(f"{path}: age_bands[1].min_age: must be above the max_age")


def test_yaml_syntax_error_gives_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "council.yaml", "extends: wales\nname: x\ntimescales: [\n  a: b\n")
    message = error_of(path)
    assert message.startswith(f"{path}, line ")
    assert "not valid YAML" in message
    line = int(message.split(", line ")[1].split(":")[0])
    assert line in (4, 5)


def test_duplicate_key_is_an_error_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "council.yaml", "extends: wales\nname: a\nname: b\n")
    assert error_of(path) == f"{path}, line 3: not valid YAML: duplicate key 'name'"


def test_unknown_extends_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "council.yaml", "extends: atlantis\n")
    message = error_of(path)
    assert message.startswith(f"{path}: extends: no profile called 'atlantis'")


def test_cycle_of_extends_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "extends: b\n")
    path = write(tmp_path, "b.yaml", "extends: a\n")
    message = error_of(path)
    assert "extends: makes a cycle" in message
    assert "a.yaml" in message
    assert "b.yaml" in message


def test_a_council_cannot_change_its_nation(tmp_path: Path) -> None:
    path = write(tmp_path, "c.yaml", "extends: wales\nnation: scotland\n")
    assert error_of(path) == f"{path}: nation: must be the same as the profile it extends (wales)"


def test_error_names_the_file_that_set_the_bad_value(tmp_path: Path) -> None:
    base = write(tmp_path, "base.yaml", "extends: england\nlanguage_order: welsh-last\n")
    path = write(tmp_path, "team.yaml", "extends: base\nname: team\n")
    assert error_of(path) == (
        f"{base}: language_order: must be one of english-first, welsh-first, english-only"
    )


def test_missing_file_and_non_mapping_file(tmp_path: Path) -> None:
    assert (
        error_of(tmp_path / "nowhere.yaml") == f"{tmp_path / 'nowhere.yaml'}: no such profile file"
    )
    path = write(tmp_path, "list.yaml", "- a\n- b\n")
    assert error_of(path) == f"{path}: (top level): must be a mapping of keys to values"


def test_profile_built_in_python_is_validated() -> None:
    with pytest.raises(ProfileError, match="amount: must be 1 or more"):
        period(0, "months")
    with pytest.raises(ProfileError, match="unit: must be one of working-days, calendar-days"):
        period(2, "fortnights")
    with pytest.raises(ProfileError, match="max_age: must not be below min_age"):
        AgeBand(name="x", min_age=9, max_age=8)
    england = nation_profile("england")
    with pytest.raises(ProfileError, match="categories: must list at least one value"):
        attrs.evolve(england, categories=())
    assert isinstance(attrs.evolve(england, name="x"), Profile)
