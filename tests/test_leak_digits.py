"""The leak check's digit gathering gives exactly what the plain expression gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from safeplan import _copies


def plain(text: str) -> str:
    return _copies._NOT_DIGIT.sub("", text)


@settings(max_examples=500, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.characters(),  # any code point, surrogates included
            st.sampled_from("0123456789 +-().\n٣٤۵߁१０𝟘"),
        )
    )
)
def test_all_digits_is_the_plain_expression(text: str) -> None:
    assert _copies._all_digits(text) == plain(text)


def test_all_digits_on_examples() -> None:
    for text in (
        "",
        "abc",
        "07700 900 481",
        "tel. +44 (0)7700-900481",
        "٣٤ and ০১ and １２",
        "“7”",
    ):
        assert _copies._all_digits(text) == plain(text)
