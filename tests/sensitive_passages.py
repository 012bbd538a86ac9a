"""Generated passages of meeting notes with known answers, to measure the sensitivity check.

Each passage is a sentence as a group's notes might have it, with the kinds
it holds: personal, financial, both or neither. The sensitive ones put a
person beside a circumstance in many phrasings, or give contact details, sums
of money, rates, accounts and grant references in the forms people write
them; the innocent ones use the same vocabulary where it is harmless ("the
Health of the Public podcast", "the contract with NHS England", dates,
percentages and counts). Used by tests/test_sensitivity.py and by
bench/sensitivity.py, which prints precision and recall per kind.
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass

from notesfile.sensitivity import FINANCIAL, PERSONAL, check_passage, person_names

GROUP = [
    "Niccola Hutchinson-Pascal", "Nicc", "Lizzie Cain", "Lizzie", "Graham Hart", "Graham",
    "Mandy Rudczenko", "Mandy", "Cristina Serrao", "Rob Horne", "Rob", "Sarah Welsher",
    "Laura Crane", "Laura Cream", "Ian Needleman", "Simon Denegri", "Jo Bloggs", "Sam Patel",
    "Aisha O'Connor", "Zoë Brontë",
]  # fmt: skip
PEOPLE = [
    "Lizzie", "Nicc", "Graham", "Mandy", "Cristina", "Rob", "Sarah", "Laura Crane", "Ian",
    "Jo Bloggs", "Sam", "Aisha", "Zoë", "She", "He", "A colleague", "A member of staff",
    "One of the team",
]  # fmt: skip
CIRCUMSTANCES = [
    "is unwell and will be off for a few weeks", "has been signed off sick until March",
    "is in hospital after an operation", "was diagnosed with cancer in the spring",
    "is recovering from long covid", "is on maternity leave from June",
    "has been struggling with her mental health", "is off work with stress-related illness",
    "has had a bereavement in the family", "lost her mother last month",
    "is on compassionate leave after a death in the family", "will be at a funeral on Friday",
    "is going through a divorce", "has caring responsibilities for her father",
    "needs time off for family reasons", "has a new baby",
    "asked for a pay rise", "is paid less than the others on the same grade",
    "said her salary has not kept up", "has had her pay cut",
    "has a contract that ends in March", "is on a fixed-term contract",
    "is at risk of redundancy", "has handed in her notice", "is still on probation",
    "has a performance review next week", "was given a written warning",
    "is the subject of a disciplinary process", "is leaving in July",
    "will be leaving her role at the end of the year", "has resigned", "is retiring in May",
    "is stepping down as chair for personal reasons", "made a complaint about a colleague",
    "raised a grievance about her manager", "reported harassment at the last event",
    "has a disability and needs reasonable adjustments", "uses a wheelchair",
    "is autistic and asked for written agendas", "is dyslexic and prefers audio notes",
    "is waiting to hear about her visa", "has debts she is struggling to pay",
]  # fmt: skip
CONTACTS = [
    "Contact Jo at jo.bloggs@example.org for the slides.",
    "Lizzie's mobile is 07911 123456 if anything comes up.",
    "Ring Sam on 020 7946 0958 after 5pm.",
    "The venue is 12 Acacia Avenue, London N1 9GU.",
    "Send the forms to 48 Station Road, Leeds LS1 4DY.",
    "Rob can be reached on +44 161 496 0000.",
    "Please write to sam.patel@ucl.ac.uk rather than the shared inbox.",
    "Her NHS number, 943 476 5919, was on the form by mistake.",
    "His National Insurance number is JG 10 37 41 C.",
    "Call 0117 496 0123 to book a place.",
]  # fmt: skip
MONEY = [
    "£100k", "£40K", "£1,200", "£350", "£2.5m", "£75,000", "3,500 pounds", "€20,000",
    "GBP 12,000", "$5,000", "£12.50", "£600 per session", "£1.2 million",
]  # fmt: skip
FUNDERS = ["Wellcome Trust", "NIHR", "UCL", "the Health Foundation", "Arts Council", "the ISSF"]
FINANCIAL_FRAMES = [
    "{funder} confirmed a grant of {money} for the next two years.",
    "We have {money} left to spend by March.",
    "The consultancy fee was agreed at {money}.",
    "The balance of the reserve account stands at {money}.",
    "{funder} will put in {money} towards the evaluation.",
    "Catering for the event came to {money}.",
    "The budget line for travel is {money} this year.",
    "Income from training was {money} in the last quarter.",
    "The facilitator's day rate is {money}.",
    "We owe the venue {money}.",
]  # fmt: skip
FINANCIAL_FIXED = [
    "The salary for the new post is 32,000 a year.",
    "The day rate for associates will be 350.",
    "Invoices for 1,450 are still unpaid.",
    "The budget has an underspend of 4,200.",
    "Pay the venue into sort code 20-00-00, account 55779911.",
    "The grant reference is MR/T012345/1.",
    "Please quote grant ref 221345/Z/20/Z on every claim.",
    "Use cost code CC-4471 for the workshop.",
    "The IBAN for the Dutch partner is NL91 ABNA 0417 1643 00.",
    "The card ending 4242 4242 4242 4242 was used for the booking.",
    "Honoraria of 25 an hour will be paid to community members.",
    "Award number 2204567 covers the pilot.",
]  # fmt: skip
INNOCENT = [
    "Sarah and Graham to advocate for a future Health of the Public podcast.",
    "Nicc signed the contract with NHS England for the regional events.",
    "We delivered 13 of 18 events in 5 of 7 regions.",
    "The webinar on 9 February had just under 500 registered attendees.",
    "82% of the grant has been spent, the rest by 30 September 2022.",
    "Lizzie presented an idea for an advisory group.",
    "Graham noted that participation has value in its own right.",
    "Mandy asked whether people from our community could deliver this work.",
    "The consultation closes on 13 Feb and a session follows in early March.",
    "The strategy runs from 2022/23 to 2025/26.",
    "We meet again on Wednesday 27 April 2022, 14:00–16:00.",
    "Laura Crane noted the family of projects we now run.",
    "Rob thinks about patient and public involvement differently now.",
    "Funding from several sources is being explored.",
    "The team discussed the health of the partnership.",
    "She received three offers of work in the last 24 hours.",
    "He recommended keeping those involved in the plan informed.",
    "Cristina presented the new series of films.",
    "The group agreed to review the terms of reference in 2023.",
    "Room 101 is booked for the next meeting.",
    "We recruited two members from our wider community in 2019.",
    "The Allies Group has 9 members.",
    "Lizzie to organise a blog about the Allies' reflections.",
    "Simon shared a report on public involvement in research.",
    "The budget will be discussed at the next meeting.",
    "Jo Bloggs joined for the spotlight on co-production stories.",
    "The evaluation should be creative and not over-evaluate.",
    "A 2-year term may help people commit to the group.",
    "Ian suggested an ethics panel to help with partnership decisions.",
    "The project is near completion, with 3 advisory groups and 4 workshops delivered.",
]  # fmt: skip


# Written after the check was tuned on the lists above and never tuned on:
# how it does on phrasings it was not shaped by.
HELD_OUT = [
    ("Mandy won't be able to attend for a while as she is having chemotherapy.", {PERSONAL}),
    ("Rob's father died at the weekend, so he sent apologies.", {PERSONAL}),
    ("Cristina is expecting a baby in October.", {PERSONAL}),
    ("Ian's contract is not being renewed after June.", {PERSONAL}),
    ("Lizzie has been off since the accident in May.", {PERSONAL}),
    ("A member of staff has raised concerns about how she was treated by a partner.", {PERSONAL}),
    ("Graham will be away having knee surgery.", {PERSONAL}),
    ("Sam is moving to Manchester to be closer to family.", {PERSONAL}),
    ("Sarah asked that her epilepsy be noted for the fire warden.", {PERSONAL}),
    ("Jo can be contacted on jo@bloggs.co.uk or 07700 900 982.", {PERSONAL}),
    ("Nicc has been given notice that her post will end in September.", {PERSONAL}),
    ("Aisha is going part-time after her return from parental leave.", {PERSONAL}),
    ("The Trust has offered £250,000 over three years.", {FINANCIAL}),
    ("Our reserves are down to about 18 thousand pounds.", {FINANCIAL}),
    ("The partner will pay us a fee of 2,000 per workshop.", {FINANCIAL}),
    ("Associates are paid £300 a day plus travel.", {FINANCIAL}),
    ("We are 5k over budget on the conference.", {FINANCIAL}),
    ("The NIHR award (NIHR203456) starts in April.", {FINANCIAL}),
    ("Lizzie's salary will go up to £34,500 from April.", {PERSONAL, FINANCIAL}),
    ("The university will underwrite the staff costs until March.", set()),
    ("Graham thanked everyone for a lively discussion.", set()),
    ("The strategy mentions health and wellbeing as a theme.", set()),
    ("We will publish the notes in July.", set()),
    ("Mandy is leading the session on sociocracy.", set()),
    ("The contract for the venue has been signed.", set()),
    ("She asked how we measure success.", set()),
    ("The 2023 budget will be set in January.", set()),
    ("He has joined the board of a local charity.", set()),
    ("There were 120 people at the launch.", set()),
    ("Laura Cream will share the slides with the group.", set()),
]


@dataclass(frozen=True)
class Passage:
    text: str
    kinds: frozenset[str]


def held_out() -> list[Passage]:
    """The passages the check was never tuned on."""
    return [Passage(text, frozenset(kinds)) for text, kinds in HELD_OUT]


def generated(count: int = 600, seed: int = 15) -> list[Passage]:
    """`count` passages: about a third personal, a third financial, a third neither."""
    rng = random.Random(seed)
    made: list[Passage] = []
    for index in range(count):
        shape = index % 6
        if shape == 0:
            who = rng.choice(PEOPLE)
            made.append(Passage(f"{who} {rng.choice(CIRCUMSTANCES)}.", frozenset({PERSONAL})))
        elif shape == 1:
            made.append(Passage(rng.choice(CONTACTS), frozenset({PERSONAL})))
        elif shape == 2:
            frame = rng.choice(FINANCIAL_FRAMES)
            text = frame.format(funder=rng.choice(FUNDERS), money=rng.choice(MONEY))
            made.append(Passage(text[0].upper() + text[1:], frozenset({FINANCIAL})))
        elif shape == 3:
            made.append(Passage(rng.choice(FINANCIAL_FIXED), frozenset({FINANCIAL})))
        else:
            made.append(Passage(rng.choice(INNOCENT), frozenset()))
    return made


@dataclass(frozen=True)
class Score:
    kind: str
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        flagged = self.true_positives + self.false_positives
        return self.true_positives / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


def scores(passages: list[Passage]) -> dict[str, Score]:
    """Precision and recall of the check on the passages, per kind."""
    names = person_names(GROUP)
    counts = {kind: [0, 0, 0] for kind in (PERSONAL, FINANCIAL)}
    for passage in passages:
        found = {finding.kind for finding in check_passage(passage.text, names)}
        for kind, count in counts.items():
            if kind in found and kind in passage.kinds:
                count[0] += 1
            elif kind in found:
                count[1] += 1
            elif kind in passage.kinds:
                count[2] += 1
    return {kind: Score(kind, *count) for kind, count in counts.items()}


def misses(passages: list[Passage]) -> Iterator[tuple[str, Passage, set[str]]]:
    """Each passage the check got wrong: what it found, against what it holds."""
    names = person_names(GROUP)
    for passage in passages:
        found = {finding.kind for finding in check_passage(passage.text, names)}
        if found != passage.kinds:
            yield passage.text, passage, found
