"""Who a term sends contact between the adults through."""

from __future__ import annotations

import pytest

from safeplan._wording import Cast, Member, ThirdParty, third_parties

CAST = Cast(
    (
        Member(role="adult-at-risk", names=("Sally Green", "Sally", "Mum"), id="mum"),
        Member(role="person-causing-harm", names=("Paul Reid", "Paul", "Dad"), id="dad"),
        Member(role="network-member", names=("Jean Green", "Jean"), id="nan"),
        Member(role="professional", names=("Amira Hassan", "Amira"), id="sw"),
    )
)
NO_ONE = ThirdParty(member=None, role=None, named=False)
JEAN = ThirdParty(member="nan", role="network-member", named=True)
AGENCY = ThirdParty(member=None, role="agency", named=True)


@pytest.mark.parametrize(
    ("text", "holder", "found"),
    [
        ("Contact between the parents is to be via a third party only.", None, (NO_ONE,)),
        (
            "Any contact between Mum and Dad must go through a family member or friend.",
            None,
            (NO_ONE,),
        ),
        ("No contact between Mum and Dad unless through a family friend.", None, (NO_ONE,)),
        ("Communication between Sally and Paul will be via Sally's mother only.", None, (NO_ONE,)),
        ("Messages about the children go through Jean.", "person-causing-harm", (JEAN,)),
        (
            "Paul will not contact Sally, except through his solicitor.",
            "person-causing-harm",
            (AGENCY,),
        ),
        (
            "Paul will not contact Sally directly; any messages will go through Amira.",
            "person-causing-harm",
            (ThirdParty(member="sw", role="agency", named=True),),
        ),
        # A route that is forbidden is not a third party.
        (
            "Paul will not contact Sally by phone, text or through other people.",
            "person-causing-harm",
            (),
        ),
        # A thing is not a third party; nor is contact that is not between the adults.
        ("Sally and Paul will communicate through a contact book.", None, ()),
        ("Jean takes the children to the centre, so Paul and Sally do not meet.", None, ()),
    ],
)
def test_third_parties(text: str, holder: str | None, found: tuple[ThirdParty, ...]) -> None:
    assert third_parties(text, CAST, holder=holder) == found
