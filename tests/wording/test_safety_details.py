"""The safety-detail detector, category by category: each detail is found in a sentence that
would help a person causing harm find, track or retaliate against the adult at risk or the
children, and not in the nearest sentence his copy should carry (his own behaviour, his
obligations and appointments, a restriction on him written without the place, what
professionals will do, what he already knows, what anyone can do)."""

from __future__ import annotations

import time

import pytest

from safeplan._wording import Cast, SafetyCategory, SafetyDetail, safety_details

C = SafetyCategory
CAST = Cast.from_roles(
    {
        "Sally": "adult-at-risk",
        "Mum": "adult-at-risk",
        "Paul": "person-causing-harm",
        "Dad": "person-causing-harm",
        "Leo": "child",
        "Ben": "child",
        "Will": "child",
        "Jean": "network-member",
        "Amira": "professional",
    }
)


def categories(text: str, *, holder: str | None = None, cast: Cast = CAST) -> set[SafetyCategory]:
    return {d.category for d in safety_details(text, cast, holder=holder)}


# (category, a sentence that discloses it, its nearest sentence that does not)
PAIRS = [
    (
        C.WHERE_THEY_ARE,
        "Sally and the children now live in Harrogate.",
        "Sally and Paul lived in Harrogate before they separated.",
    ),
    (
        C.WHERE_THEY_ARE,
        "Paul will not go to Sally's new address.",
        "Paul will not go to Sally's home.",
    ),
    (
        C.WHERE_THEY_ARE,
        "Post for Sally now goes to 9 Mill Lane, BD7 1AB.",
        "Paul lives at his brother's house.",
    ),
    (
        C.WHERE_THEY_ARE,
        "Sally and Leo are staying in a refuge.",
        "Sally and Leo are staying with Jean's family.",
    ),
    (
        C.CHILDREN_IN_THE_DAY,
        "Paul will not go near St Mary's Primary.",
        "Paul will not go near the children's school.",
    ),
    (C.CHILDREN_IN_THE_DAY, "Ben has started at a new nursery.", "Ben enjoys nursery."),
    (C.CHILDREN_IN_THE_DAY, "Will goes to Oakfield Academy.", "Paul will go to Oakfield Library."),
    (
        C.ROUTINE,
        "Jean collects the children from school every Friday at 3pm.",
        "Paul will collect the children from the contact centre on Fridays at 3pm.",
    ),
    (C.ROUTINE, "Sally has changed her route to work.", "Paul has changed his route to work."),
    (
        C.ROUTINE,
        "Sally works at the Tesco on Leeds Road on Saturdays.",
        "Paul works at the Tesco on Leeds Road on Saturdays.",
    ),
    (
        C.APPOINTMENT,
        "Sally's counselling is on Tuesdays at the Willow Centre.",
        "Paul's counselling is on Tuesdays at the Willow Centre.",
    ),
    (
        C.APPOINTMENT,
        "The health visitor will see Sally and Ben at the clinic on 4 June at 10am.",
        "Amira will see Paul at the council offices on 4 June at 10am.",
    ),
    (
        C.SPECIALIST_HELP,
        "Sally has been referred to MARAC.",
        "Sally has been referred to the parenting course.",
    ),
    (
        C.SPECIALIST_HELP,
        "Her IDVA is helping her with her safety plan.",
        "This safety plan will be reviewed at every core group.",
    ),
    (
        C.SPECIALIST_HELP,
        "The police have put a marker on Sally's address.",
        "The police have put a marker on Paul's address.",
    ),
    (
        C.COURT_APPLICATION,
        "Sally is applying for a non-molestation order.",
        "Paul must keep to the non-molestation order made in May.",
    ),
    (
        C.COURT_APPLICATION,
        "Sally's solicitor will apply without notice.",
        "If things do not improve, the local authority may ask the court to decide.",
    ),
    (C.CONTACT_DETAILS, "Sally's new number is 07700 900111.", "Call Childline on 0800 1111."),
    (
        C.CONTACT_DETAILS,
        "Please text Sally on 07700 900111, not her old number.",
        "You can call Amira on 01632 960412 or email amira@example.org.",
    ),
    (
        C.CONTACT_DETAILS,
        "Sally has set up a new email address.",
        "Paul has set up a new email address.",
    ),
    (
        C.PLANS_TO_MOVE,
        "Sally is hoping to move to Scotland next year.",
        "Paul is hoping to move to Scotland next year.",
    ),
    (
        C.PLANS_TO_MOVE,
        "Sally has been offered a two-bedroom flat by the council.",
        "Paul has been offered a two-bedroom flat by the council.",
    ),
    (
        C.CHILD_WORDS,
        "Leo told his teacher that Dad hit Mum.",
        "Leo's teacher said he is doing well in maths.",
    ),
    (
        C.CHILD_WORDS,
        "Ben said he is scared Dad will find them.",
        "Paul will not ask Ben what he has said to Amira.",
    ),
    (
        C.CHILD_WORDS,
        "Ben wants to see Dad more often.",  # a named child's wish exposes him to pressure
        "The children are frightened when Dad shouts.",  # what his behaviour does to them
    ),
    (
        C.CHILD_WORDS,
        "Leo's teacher says Leo has told her about the shouting at home.",
        "Leo's teacher says Leo has settled well in her class.",
    ),
    (
        C.CHILDREN_IN_THE_DAY,
        "Leo plays for the under-9s at Hollybank FC.",
        "Leo plays football with Jean.",
    ),
    (
        C.SPECIALIST_HELP,
        "Sally feels safer since the locks were changed.",
        "Sally feels safer since Paul started the programme.",
    ),
]


@pytest.mark.parametrize(("category", "discloses", "safe"), PAIRS)
def test_a_detail_and_its_near_miss(category: SafetyCategory, discloses: str, safe: str) -> None:
    assert category in categories(discloses)
    assert categories(safe) == set()


@pytest.mark.parametrize(
    "text",
    [
        "Paul will not shout at Sally or call her names.",
        "Paul will attend the Caring Dads course every Wednesday at 7pm at Hope House.",
        "Paul will see Leo and Ben at the family contact centre every Saturday from 10am.",
        "Anyone can call 999 in an emergency.",
        "Amira will visit the children at least every ten working days.",
        "On 3 March Paul pushed Sally against the wall of the family home on Elm Road.",
        "If Paul contacts Sally, the police will be called.",
        "Paul will not try to find out where Sally and the children live.",
    ],
)
def test_what_his_copy_should_say_is_quiet(text: str) -> None:
    assert safety_details(text, CAST) == ()


def test_the_span_covers_the_words_that_carry_the_detail() -> None:
    text = "Paul will meet Amira on Monday. He will not go near St Mary's Primary."
    (detail,) = safety_details(text, CAST)
    assert text[detail.start : detail.end] == "St Mary's Primary"
    assert detail == SafetyDetail(C.CHILDREN_IN_THE_DAY, detail.start, detail.end)


def test_every_sentence_of_an_item_is_read_and_details_come_in_text_order() -> None:
    text = (
        "Sally has been referred to MARAC. Paul will go to his course. "
        "Sally's new number is 07700 900111."
    )
    found = safety_details(text, CAST)
    assert list(dict.fromkeys(d.category for d in found)) == [C.SPECIALIST_HELP, C.CONTACT_DETAILS]
    assert [text[d.start : d.end] for d in found] == ["MARAC", "new number", "07700 900111"]
    assert [d.start for d in found] == sorted(d.start for d in found)


def test_the_holder_speaks_for_i_and_we() -> None:
    text = "I am moving to Leeds next month."
    assert C.PLANS_TO_MOVE in categories(text, holder="adult-at-risk")
    assert categories(text, holder="person-causing-harm") == set()


def test_pronouns_carry_across_the_sentences_of_an_item() -> None:
    victim = Cast.from_roles({"Tom": "adult-at-risk", "Lisa": "person-causing-harm"})
    harmer = Cast.from_roles({"Tom": "person-causing-harm", "Lisa": "adult-at-risk"})
    text = "Tom can call 999. The police have put a marker on his address."
    assert C.SPECIALIST_HELP in categories(text, cast=victim)
    assert categories(text, cast=harmer) == set()


def test_family_and_friends_are_on_the_side_of_whoever_they_belong_to() -> None:
    # A male adult at risk: his sister is his support, and where he stays is his safety.
    tom = Cast.from_roles({"Tom": "adult-at-risk", "Karen": "person-causing-harm"})
    assert C.WHERE_THEY_ARE in categories("Tom is staying with his sister in Leeds.", cast=tom)
    # Her family is hers; his family is his ("Karen stays with her mother in Leeds" is his).
    assert categories("Karen stays with her mother in Leeds at weekends.", cast=tom) == set()
    assert C.WHERE_THEY_ARE in categories("Leo stays with his nan every Friday night.")
    assert categories("Leo stays with his dad's parents every Friday night.") == set()


def test_proper_names_match_with_their_capital_and_kin_words_in_any_case() -> None:
    # "Will" the child and "will" the verb; "mum" and "Mum".
    assert C.CHILDREN_IN_THE_DAY in categories("Will goes to Oakfield Academy.")
    assert categories("Paul will go to Oakfield Library.") == set()
    assert C.CHILD_WORDS in categories("Ben told his teacher that dad hit mum.")


def test_curly_apostrophes_and_welsh_names() -> None:
    cast = Cast.from_roles({"Siân": "adult-at-risk", "Rhys": "person-causing-harm"})
    assert C.WHERE_THEY_ARE in categories("Siân’s new flat is near the station.", cast=cast)
    assert categories("Rhys will not go to the children’s school.", cast=cast) == set()


def test_a_case_cast_names_agencies_by_the_first_part_of_their_name() -> None:
    cast = Cast.from_roles(
        {"Cerys": "adult-at-risk", "Cymorth Dyffryn, domestic abuse support": "agency"}
    )
    assert C.SPECIALIST_HELP in categories("Cymorth Dyffryn will phone Cerys weekly.", cast=cast)


def test_nothing_to_find() -> None:
    assert safety_details("", CAST) == ()
    assert safety_details("   \n\n ", CAST) == ()
    assert safety_details("Sally has been referred to MARAC.", Cast(())) != ()


def test_a_detail_carries_no_text_of_the_case() -> None:
    (detail,) = safety_details("Sally has been referred to MARAC.", CAST)
    assert "Sally" not in repr(detail) and "MARAC" not in repr(detail)


@pytest.mark.parametrize(
    "text",
    [
        "A" * 20_000,
        "Aa " * 7_000,
        "1" * 20_000,
        "0 " * 10_000,
        "so " * 7_000 + "know",
        "do not want " * 2_000,
        "Mr. " * 5_000,
        ("Hillside " * 2_000) + "Primary",
        "@" * 10_000 + "a@b",
    ],
)
def test_no_text_makes_it_slow(text: str) -> None:
    start = time.process_time()
    safety_details(text, CAST)
    assert time.process_time() - start < 1.0


def test_a_child_speaking_as_i_is_a_child_whose_words_expose_them() -> None:
    cast = Cast.from_roles({"Dad": "person-causing-harm", "Miss Davies": "professional"})
    told = "My worry is that Dad will find out I told Miss Davies about the shouting."
    assert safety_details(told, cast, holder="child")
    hiding = "If Dad comes to the house I will run to Nana's in Gelli."
    assert safety_details(hiding, cast, holder="child")
    # "I" is whoever holds the sentence: an adult's liking is no child's words.
    assert not safety_details("I like football and drawing.", cast, holder="adult-at-risk")


def test_a_childs_we_about_him_is_the_childs_words() -> None:
    cast = Cast.from_roles({"dad": "person-causing-harm"})
    text = "when dad comes we go in the big cubbord under the stairs"
    assert safety_details(text, cast, holder="child")
    assert not safety_details("we go swimming with nan", cast, holder="child")


# Forms found by the later blind rounds (3, 4 and the whole blind cases), each beside the nearest
# sentence that must stay quiet.
LATER_ROUNDS = [
    # Where they lived with him is the former home; where she lives now is not.
    (
        "Sally and the children now live at 22 Brook Lane.",
        "Sally and the children lived with Paul at 22 Brook Lane until 9 January.",
    ),
    # A town after "the other side of", "the outskirts of" narrows the search.
    (
        "Sally will take the children to her friend's house on the other side of Pontypridd.",
        "Sally will take the children to her friend's house.",
    ),
    # Housing moves in the words housing officers use.
    (
        "Sally is bidding on properties and has band A for a management transfer.",
        "Paul has been told he must not go to Sally's home.",
    ),
    # Her journey to work: the bus she catches.
    (
        "Sally catches the X4 from outside the library at 7.50 each morning.",
        "Paul catches the bus to his programme every Tuesday.",
    ),
    # A protection statement that reveals nothing.
    (
        "Sally does not want Paul to know where she is living now.",
        "Information about where Sally lives will not be shared with Paul.",
    ),
    (
        "The partner support worker will keep in touch with Sally while Paul is on the course.",
        "Paul will go to every session of the course.",
    ),
    (
        "A non-molestation order was made on 4 May but has not yet been served on Paul.",
        "A non-molestation order was made on 4 May and served on Paul on 6 May.",
    ),
    (
        "Sally has said that if Paul breaks the arrangements she will go back to court for an "
        "order.",
        "If Paul breaks the arrangements, Amira will call a core group meeting.",
    ),
    (
        "If Paul comes to the door again, Sally will take the children to her brother's house "
        "in Treorchy.",
        "If Paul comes to the door again, Sally can call 999.",
    ),
    (
        "Next core group for Sally only: 12/06, 2pm, at the family centre.",
        "Next core group: the social worker will send the date.",
    ),
    (
        "If Paul finds out the address, housing will arrange an emergency move for Sally.",
        "If Paul finds out the address, Amira will tell the police.",
    ),
    (
        "Sally and the children have moved to a new home.",
        "During contact Paul will not ask the children about Sally's new home.",
    ),
    (
        "If Paul is seen outside Hollins Care Home again, the police will act.",
        "If Paul is seen at the Eastbridge Family Contact Centre outside his time, the visit "
        "will stop.",
    ),
    (
        "If Paul is seen at the number 36 bus stop again, the police will act.",
        "If Paul is seen near Eastbridge Library, where his course is, nothing changes.",
    ),
    (
        "If Sally does not answer, Amira will ring Jean and then go to the house in Fenwick.",
        "Amira will ring Paul and then go to his flat in Fenwick.",
    ),
]


@pytest.mark.parametrize(("discloses", "safe"), LATER_ROUNDS)
def test_forms_of_the_later_blind_rounds_and_their_near_misses(discloses: str, safe: str) -> None:
    cast = Cast.from_roles(
        {
            "Sally": "adult-at-risk",
            "Paul": "person-causing-harm",
            "Amira": "professional",
            "Jean": "network-member",
        }
    )
    assert safety_details(discloses, cast, holder="agency"), discloses
    assert not safety_details(safe, cast, holder="agency"), safe
