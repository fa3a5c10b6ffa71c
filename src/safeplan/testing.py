"""Valid example cases for your own tests.

Every call returns a fresh object, so a test may change what it gets::

    from safeplan.testing import example_data
    import safeplan

    data = example_data()
    del data["end"]
    problems = safeplan.validate(data)   # [Problem(code="SP-END-MISSING", ...)]

The people, numbers and places are invented. Phone numbers come from Ofcom's drama ranges.

Imports: _case.
"""

from __future__ import annotations

import copy
from typing import Any

from ._case import WrittenAgreement, from_dict

__all__ = ["example_agreement", "example_data"]

_EXAMPLE: dict[str, Any] = {
    "reference": "TEST-CP-0001",
    "date": "2026-11-02",
    "plan": {
        "nation": "england",
        "plan_type": "child-protection",
        "categories": ["emotional"],
        "strategy_discussion": "2026-10-12",
        "initial_conference": "2026-10-30",
        "lead_practitioner": "sw",
    },
    "people": [
        {
            "id": "mum",
            "name": "Alex Carter",
            "role": "adult-at-risk",
            "relationship": "Sam's mother",
            "gender": "woman",
            "preferred_language": "en-GB",
            "contact_details": [
                {
                    "kind": "address",
                    "label": "Home",
                    "value": "Flat 2, 9 Birch Road, Northtown NX1 2AB",
                    "confidential": True,
                },
                {
                    "kind": "phone",
                    "label": "Mobile",
                    "value": "07700 900 111",
                    "confidential": True,
                },
            ],
        },
        {
            "id": "dad",
            "name": "Jordan Carter",
            "role": "person-causing-harm",
            "relationship": "Sam's father",
            "preferred_language": "en-GB",
        },
        {
            "id": "nan",
            "name": "Pat Carter",
            "role": "safe-adult",
            "relationship": "Sam's grandmother",
            "agreed": True,
        },
    ],
    "children": [
        {
            "id": "sam",
            "name": "Sam Carter",
            "date_of_birth": "2016-06-01",
            "lives_with": ["mum"],
            "contact_details": [
                {"kind": "school", "value": "Northtown Academy", "confidential": True}
            ],
        }
    ],
    "professionals": [
        {
            "id": "sw",
            "name": "Robin Shah",
            "job_title": "Social worker",
            "agency": "cs",
            "phone": "01632 960 001",
        },
        {"id": "chair", "name": "Lee Moss", "job_title": "Conference chair", "agency": "cs"},
        {"id": "tm", "name": "Kit Lane", "job_title": "Team manager", "agency": "cs"},
    ],
    "agencies": [
        {
            "id": "cs",
            "name": "Northshire Children's Services",
            "kind": "childrens-services",
            "limitations": ["Robin cannot be with the family between visits."],
        },
        {
            "id": "das",
            "name": "Northshire Domestic Abuse Service",
            "kind": "domestic-abuse-service",
        },
    ],
    "concerns": [
        {
            "text": "On 1 October 2026 Jordan hit Alex in the kitchen while Sam was at home.",
            "by": ["dad"],
            "date": "2026-10-01",
        }
    ],
    "strengths": [
        {
            "text": "Alex called the police and asked for help straight away.",
            "person": "mum",
            "protective": True,
        }
    ],
    "expectations": [
        {
            "who": "dad",
            "what": "Jordan will go to a domestic abuse behaviour-change course every week.",
            "kind": "attend",
            "when": "Every Wednesday from 11 November 2026",
            "checked_by": "sw",
            "how_checked": "The course tells Robin whether Jordan came.",
            "support": "Robin has made the referral.",
        },
        {
            "who": "dad",
            "what": "Jordan will not go to Alex's home.",
            "kind": "stop",
            "about": "mum",
            "checked_by": "sw",
            "how_checked": "Robin asks Alex and Sam at each visit.",
        },
    ],
    "commitments": [
        {
            "agency": "cs",
            "by": "sw",
            "what": "Robin will visit Sam at home and see Sam alone.",
            "when": "Every two weeks",
        },
        {
            "agency": "das",
            "what": "The domestic abuse service will offer Alex a support worker.",
            "by_date": "2026-11-09",
        },
    ],
    "contact_arrangements": [
        {
            "children": ["sam"],
            "adult": "dad",
            "where": "Northshire Family Centre",
            "how_often": "Every Saturday morning",
            "supervised_by": "sw",
            "through_third_party": True,
            "third_party": "nan",
        }
    ],
    "reviews": [
        {"kind": "core-group", "date": "2026-11-12", "chaired_by": "sw"},
        {"kind": "review-conference", "date": "2027-01-28", "chaired_by": "chair"},
    ],
    "end": {"date": "2027-01-28", "with_plan": True},
    "contingency": [
        "If Jordan goes to Alex's home, Robin will call a core group meeting within five working "
        "days."
    ],
    "participation": {
        "drafted_by": "sw",
        "approved_by": "tm",
        "drafted_with": ["mum", "dad"],
        "interpreter": "not-needed",
        "legal_advice_offered": True,
    },
    "views": [{"person": "sam", "words": "I want Dad to stop shouting."}],
    "signatures": [
        {"person": "mum", "status": "signed", "date": "2026-11-02"},
        {
            "person": "dad",
            "status": "declined",
            "date": "2026-11-03",
            "reason": "I want to talk to a solicitor first.",
        },
    ],
    "recipients": [
        {"person": "mum", "copy": "adult"},
        {"person": "dad", "copy": "adult"},
        {"person": "sam", "copy": "child"},
        {"person": "sw", "copy": "professional"},
    ],
    "safety_plans": [
        {
            "child": "sam",
            "explanation": "Dad hurt Mum. Grown-ups are helping to keep everyone safe.",
            "safe_adults": ["mum", "nan"],
            "safe_places": ["Nan's house"],
            "what_to_do": [
                "If someone is hurting another person, call 999 and ask for the police."
            ],
            "grown_ups_will": ["Robin will come and see you every two weeks."],
            "check_ins": [{"date": "2026-12-07", "who": "sw"}],
            "child_words": "I want Dad to stop shouting.",
            "code_word": "blue kite",
        }
    ],
}


def example_data() -> dict[str, Any]:
    """A complete, valid case as plain data (as read from JSON). A fresh deep copy each call."""
    return copy.deepcopy(_EXAMPLE)


def example_agreement() -> WrittenAgreement:
    """The same case as :func:`example_data`, built into a :class:`WrittenAgreement`."""
    return from_dict(example_data())
