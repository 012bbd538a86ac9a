"""A check of a meeting's notes for what looks sensitive before it is published.

It reads every public passage (a sentence of a section, an action, a guest's
introduction, an update on an earlier action, the conflicts of interest) and
flags those that look like

- personal information: a person of the group, a guest or someone spoken of
  ("she", "a colleague") together with their health, a bereavement, family,
  pay, contract, performance, leaving, a complaint, a disability or the like;
  or contact details and personal numbers, found by standard recognisers
  (phone numbers by Google's libphonenumber, NHS numbers by their check digit,
  e-mail addresses, postcodes, National Insurance numbers);
- financial information: sums of money, salaries, fees and rates with an
  amount, balances and budget lines with an amount, bank accounts (IBANs and
  card numbers by their check digits, sort codes and account numbers) and
  grant or award references.

It is deterministic and says why: each `Flag` names the passage, the words
that triggered it and the reason in plain English. It is tuned for few false
alarms: a word that is often innocent ("health", "contract", "family") counts
only in a phrase that ties it to a person ("her health", "his contract ends").
Presidio was weighed for the recognisers and not taken: it installs spaCy and
400 MB with it and takes 2.5 s to import, for the same libphonenumber and
check-digit validators used here directly.
"""

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import phonenumbers
from stdnum import iban, luhn
from stdnum.gb import nhs

from notesfile.markup import MarkupError
from notesfile.notes import Notes
from notesfile.withheld import Field, fields, find_marks, passage_key

PERSONAL, FINANCIAL = "personal", "financial"


@dataclass(frozen=True)
class Flag:
    """A passage that looks sensitive, where it is, and why."""

    kind: str
    where: str
    part: tuple[str, int | str]
    field: str
    start: int
    end: int
    passage: str
    reasons: tuple[str, ...]
    triggers: tuple[str, ...]

    @property
    def key(self) -> str:
        """Names the flag for as long as its passage stays as written: an edit makes a new flag."""
        return passage_key(self.kind, self.passage)

    @property
    def why(self) -> str:
        return "; ".join(self.reasons)


@dataclass(frozen=True)
class Finding:
    """What one passage looks like: a kind, the reasons and the words behind them."""

    kind: str
    reasons: tuple[str, ...]
    triggers: tuple[str, ...]


def check(notes: Notes, people: Iterable[str] = ()) -> list[Flag]:
    """Every public passage of the notes that looks personal or financial, in reading order.

    `people` are names the notes may use beyond the attendance ("Nicc" for
    Niccola Hutchinson-Pascal): the group's members and their short names.
    """
    names = person_names([person.name for person in notes.attendees] + list(people))
    flags = []
    for field in fields(notes):
        for start, end, visible in passages(field):
            passage = field.source[start:end]
            for finding in check_passage(visible, names):
                flags.append(
                    Flag(finding.kind, field.where, field.part, field.name, start, end,
                         passage, finding.reasons, finding.triggers)
                )  # fmt: skip
    return flags


def person_names(names: Iterable[str]) -> re.Pattern[str] | None:
    """A pattern for the people named: full names, and each part of a name (two letters or more)."""
    words: set[str] = set()
    for name in names:
        name = name.strip()
        if not name:
            continue
        words.add(name)
        words.update(part for part in re.split(r"[\s/]+", name) if len(part) > 1)
    # Names are matched as written, capitalised, so "Will" is a name and "will" is not.
    words = {word for word in words if word[:1].isupper()}
    if not words:
        return None
    ordered = sorted(words, key=len, reverse=True)
    return re.compile(
        r"(?<![\w-])(?:" + "|".join(map(re.escape, ordered)) + r")(?:['’]s)?(?![\w-])"
    )


# ---- Passages: sentences of the public text, with where they are ----------------

LIST_MARKER = re.compile(r"^\s*(?:>\s*)*(?:(?:[-*+]|\d+[.)])\s+)?(?:#{1,6}\s+)?")
SENTENCE_END = re.compile(r"(?<=[.!?])[)\"'’”]*\s+(?=[A-Z0-9“\"'‘(£$€*\[])")
ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "Dr.", "Mr.", "Mrs.", "Ms.", "St.", "approx.", "vs.")


def passages(field: Field) -> Iterator[tuple[int, int, str]]:
    """(start, end) in the field's source of each sentence, and its words that are public.

    Marked passages are blanked out (kept as spaces, so places stay the same):
    what is marked is not public, so it is neither checked nor split.
    """
    visible = field.source
    if "]{" in visible:  # only a source with a mark needs reading as Markdown
        try:
            marks = find_marks(visible, lambda _: field.parse())
        except MarkupError:
            return  # text that cannot be read is refused before publishing anyway
        for mark in marks:
            visible = visible[: mark.start] + " " * (mark.end - mark.start) + visible[mark.end :]
    offset = 0
    fenced = False
    for line in visible.split("\n"):
        line_start, offset = offset, offset + len(line) + 1
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced or not line.strip():
            continue
        for cell_start, cell_end in _cells(line):
            cell = line[cell_start:cell_end]
            lead = LIST_MARKER.match(cell)
            start = cell_start + (lead.end() if lead else 0)
            for begin, end in _sentences(line, start, cell_end):
                yield line_start + begin, line_start + end, line[begin:end]


def _cells(line: str) -> Iterator[tuple[int, int]]:
    """A table row's cells, or the whole line."""
    if not line.lstrip().startswith("|"):
        yield 0, len(line)
        return
    if set(line.strip()) <= set("|-: "):
        return  # the row under a table's header
    bounds = [i for i, char in enumerate(line) if char == "|" and (i == 0 or line[i - 1] != "\\")]
    for left, right in itertools.pairwise(bounds):
        if line[left + 1 : right].strip():
            yield left + 1, right


def _sentences(line: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    begin = start
    for match in SENTENCE_END.finditer(line, start, end):
        before = line[begin : match.start()]
        if before.endswith(ABBREVIATIONS) or _inside_brackets(line, begin, match.start()):
            continue
        yield from _trimmed(line, begin, match.start())
        begin = match.end()
    yield from _trimmed(line, begin, end)


def _inside_brackets(line: str, begin: int, index: int) -> bool:
    """A full stop inside [a mark] or a (link) does not end the sentence."""
    text = line[begin:index]
    return text.count("[") > text.count("]") or text.count("(") > text.count(")")


def _trimmed(line: str, begin: int, end: int) -> Iterator[tuple[int, int]]:
    text = line[begin:end]
    stripped = text.strip()
    if stripped:
        lead = len(text) - len(text.lstrip())
        yield begin + lead, begin + lead + len(stripped)


# ---- Personal information ----------------------------------------------------------


def _words(*phrases: str) -> str:
    return r"\b(?:" + "|".join(phrases) + r")\b"


POSSESSIVE = r"(?:her|his|their|my|[A-Z][\w’'-]*['’]s)"
SOMEONE = re.compile(
    _words(
        "she",
        "he",
        "her",
        "him",
        "his",
        "hers",
        "herself",
        "himself",
        "a colleague",
        "a member of (?:staff|the team|the group)",
        "a staff member",
        "a team member",
        "one of (?:the|our) (?:team|staff|allies|members)",
        "an ally",
        "a volunteer",
        "a participant",
        "a guest",
        "our (?:chair|co-chair|secretary)",
    ),
    re.IGNORECASE,
)

# Each circumstance: its name in a reason, and phrases that mean it. Words
# that are often innocent are only counted in a phrase that ties them to a person.
CIRCUMSTANCES: dict[str, str] = {
    "health": _words(
        "ill",
        "illness(?:es)?",
        "unwell",
        "sick(?:ness)?",
        "sick leave",
        "signed off",
        "off work",
        "off sick",
        "hospitali[sz]ed",
        "in hospital",
        "surgery",
        "an operation",
        f"{POSSESSIVE} operation",
        "diagnos(?:is|ed)",
        "cancer",
        "(?:long )?covid",
        "chemotherapy",
        "recovering",
        "injur(?:y|ed|ies)",
        "mental health",
        "depression",
        "anxiety",
        "burn-?out",
        "pregnan(?:t|cy)",
        "maternity",
        "paternity",
        "parental leave",
        "miscarriage",
        "medical",
        "medication",
        "therapy",
        "counselling",
        "her GP",
        "his GP",
        f"{POSSESSIVE} health",
        "ill health",
        "poor health",
        "health (?:condition|reasons|issues?|problems?|grounds|scare)",
        "stress-related",
    ),
    "bereavement": _words(
        "bereave(?:ment|d)",
        "passed away",
        "died",
        "death",
        "funeral",
        "grie(?:f|ving)",
        "compassionate leave",
        f"(?:loss|lost) (?:of )?{POSSESSIVE} (?:mother|father|mum|dad|"
        "partner|husband|wife|son|daughter|brother|sister|parent|child|grandmother|grandfather)",
    ),
    "family": _words(
        "divorce[ds]?",
        "separat(?:ed|ion) from",
        "custody",
        "childcare",
        "caring responsibilities",
        "carer for",
        "family (?:reasons|emergency|circumstances|matters|illness|leave)",
        f"{POSSESSIVE} (?:family|partner|husband|wife|children|child|son|"
        "daughter|mother|father|mum|dad|parents?|baby)",
        "new baby",
        "adoption",
    ),
    "pay": _words(
        "salary",
        "salaries",
        "wages?",
        "pension",
        "pay (?:rise|cut|grade|band|increase|award)",
        f"{POSSESSIVE} pay",
        "payslip",
        "(?:is|was|are|were|being|get|gets|got) (?:paid|underpaid)",
        "overtime",
        "bonus",
        "unpaid",
        "underpaid",
    ),
    "contract": _words(
        f"{POSSESSIVE} contract",
        "contract (?:that |which )?(?:ends|ended|ending|expires|runs out|renewal|was not "
        "renewed|will not be renewed|extension)",
        "fixed[- ]term",
        "zero[- ]hours?",
        "employment contract",
        "redundan(?:cy|t)",
        "notice period",
        "handed in (?:her|his|their) notice",
        "probation(?:ary)?",
        "secondment",
    ),
    "performance": _words(
        "performance (?:review|issues?|concerns?|management|improvement|problems?)",
        "underperform(?:ing|ance)?",
        "capability (?:procedure|process)",
        "appraisal",
        "disciplinary",
        "(?:written|final|verbal) warning",
        "misconduct",
    ),
    "leaving": _words(
        "is leaving",
        "will be leaving",
        "are leaving",
        "has left",
        "leaving (?:her|his|their|the) (?:role|post|job|organisation|group|team|position)",
        "resign(?:s|ed|ing|ation)?",
        "stepping down",
        "step(?:s|ped)? down",
        "retir(?:e|es|ed|ing|ement)",
        "last day",
        "dismiss(?:ed|al)",
        "sacked",
        "let go",
        "moving on to",
        "moving to a new (?:post|role|job)",
    ),
    "complaint": _words(
        "complaints?",
        "complained",
        "grievance",
        "harass(?:ed|ment)",
        "bull(?:ied|ying)",
        "tribunal",
        "allegations?",
        "whistle-?blow(?:ing|er)",
        "safeguarding concerns?",
    ),
    "disability": _words(
        "disabilit(?:y|ies)",
        "disabled",
        "wheelchair",
        "neurodivergent",
        "autis(?:m|tic)",
        "dyslexi(?:a|c)",
        "ADHD",
        "reasonable adjustments?",
        "access needs",
        "impairment",
        "deaf",
        "blind",
        "chronic (?:illness|pain|condition)",
    ),
    "private life": _words(
        "immigration",
        "visa",
        "asylum",
        "criminal record",
        "convict(?:ion|ed)",
        "arrested",
        "sexual orientation",
        "sexuality",
        "transgender",
        "religious beliefs?",
        "debts?",
        "bankrupt(?:cy)?",
        "on benefits",
        "universal credit",
        "personal (?:reasons|circumstances|matters)",
        "time off",
        "leave of absence",
        "absence",
    ),
}
CIRCUMSTANCE_PATTERNS = {name: re.compile(p, re.IGNORECASE) for name, p in CIRCUMSTANCES.items()}

EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR) ?\d[A-Z]{2}\b")
NINO = re.compile(r"\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b")
TEN_DIGITS = re.compile(r"\b\d{3}[ -]?\d{3}[ -]?\d{4}\b")
STREET = re.compile(
    r"\b\d{1,4}[A-Za-z]? (?:[A-Z][a-z]+ ){1,3}(?:Road|Rd|Street|Lane|Avenue|Ave|Close|Drive|"
    r"Way|Crescent|Gardens|Grove|Place|Square|Terrace|Mews)\b"
)


def _contact(passage: str) -> list[tuple[str, str]]:
    """(reason, words) for each contact detail or personal number in the passage."""
    found = [("an e-mail address", m.group()) for m in EMAIL.finditer(passage)]
    # A bank account's number is not a phone number.
    accounts = [m.span() for m in IBAN_LIKE.finditer(passage) if iban.is_valid(m.group())]
    nhs_numbers = [m.group() for m in TEN_DIGITS.finditer(passage) if nhs.is_valid(m.group())]
    found += [("an NHS number", number) for number in nhs_numbers]
    for match in phonenumbers.PhoneNumberMatcher(passage, "GB", phonenumbers.Leniency.POSSIBLE):
        digits = re.sub(r"\D", "", match.raw_string)
        likely = phonenumbers.is_valid_number(match.number) or (
            len(digits) >= 10 and match.raw_string.startswith(("0", "+"))
        )
        in_account = any(start <= match.start < end for start, end in accounts)
        if likely and match.raw_string not in nhs_numbers and not in_account:
            found.append(("a phone number", match.raw_string))
    found += [("a postcode", m.group()) for m in POSTCODE.finditer(passage)]
    found += [("a street address", m.group()) for m in STREET.finditer(passage)]
    found += [("a National Insurance number", m.group()) for m in NINO.finditer(passage)]
    return found


def _personal(passage: str, names: re.Pattern[str] | None) -> Finding | None:
    reasons, triggers = [], []
    for reason, detail in _contact(passage):
        reasons.append(f"{reason} ({detail})")
        triggers.append(detail)
    people = [m.group() for m in names.finditer(passage)] if names else []
    someone = people or [m.group() for m in SOMEONE.finditer(passage)]
    if someone:
        for name, pattern in CIRCUMSTANCE_PATTERNS.items():
            words = [m.group() for m in pattern.finditer(passage)]
            if words:
                who = ", ".join(dict.fromkeys(someone))
                reasons.append(f"names {who} with {name} (“{words[0]}”)")
                triggers += [*dict.fromkeys(someone), *words]
    if not reasons:
        return None
    return Finding(PERSONAL, tuple(reasons), tuple(dict.fromkeys(triggers)))


# ---- Financial information ------------------------------------------------------

SCALE = r"(?:\s?(?:k|m|bn|K|M|million|thousand|billion)\b)?"
MONEY = re.compile(
    r"(?:[£$€]|\b(?:GBP|USD|EUR)\s?)\s?\d[\d,]*(?:\.\d+)?" + SCALE
    + r"|\b\d[\d,]*(?:\.\d+)?" + SCALE + r"\s?(?:pounds|euros|dollars|quid)\b",
)  # fmt: skip
MONTHS = (
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*"  # any month, shortened or not
)
NOT_AN_AMOUNT = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+" + MONTHS + r"(?:\s+\d{4})?\b"  # 30 September 2022
    r"|\b" + MONTHS + r"\s+\d{1,2}(?:st|nd|rd|th)?\b"  # September 30
    r"|\b\d{4}[/–-]\d{2,4}\b"  # 2022/23
    r"|\b\d+(?:\.\d+)?\s?%"  # 82%
    r"|\b\d{1,2}[:.]\d{2}\b"  # 14:00
    r"|\b\d+/\d+\b"  # 13/18
    r"|\b(?:19|20)\d{2}\b"  # a year
)
NUMBER = re.compile(r"\b\d[\d,]*(?:\.\d+)?\b")
MONEY_WORDS = re.compile(
    _words(
        "salary",
        "salaries",
        "wages?",
        "pay(?:ing)?",
        "paid",
        "fees?",
        "(?:day|hourly|daily) rates?",
        "rate of",
        "per (?:hour|day|session)",
        "an hour",
        "honorari(?:um|a)",
        "stipend",
        "invoices?",
        "budget(?: line)?",
        "balance",
        "overdraft",
        "deficit",
        "surplus",
        "underspend",
        "overspend",
        "reserves",
        "costs?",
        "income",
        "expenditure",
        "cost cent(?:re|er)",
    ),
    re.IGNORECASE,
)
REFERENCE = re.compile(
    r"\b(?:grant|award|project|cost|budget|account|invoice|purchase order|PO)\s+"
    r"(?:ref(?:erence)?|no\.?|number|code|id)\b[\s:#.]*[A-Z0-9][A-Z0-9/-]*\d[A-Z0-9/-]*"
    r"|\b[A-Z]{2}/[A-Z]\d{6}/\d\b"  # UKRI: MR/T012345/1
    r"|\b\d{6}/Z/\d{2}/Z\b",  # Wellcome: 221345/Z/20/Z
    re.IGNORECASE,
)
SORT_CODE = re.compile(r"\b\d{2}-\d{2}-\d{2}\b")
ACCOUNT_NUMBER = re.compile(r"\baccount(?: number| no\.?)?[\s:#]*(\d{8})\b", re.IGNORECASE)
IBAN_LIKE = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")
CARD_LIKE = re.compile(r"\b(?:\d[ -]?){12,18}\d\b")


def _financial(passage: str) -> Finding | None:
    reasons, triggers = [], []
    for match in MONEY.finditer(passage):
        reasons.append(f"a sum of money ({match.group().strip()})")
        triggers.append(match.group().strip())
    if not reasons:
        rest = NOT_AN_AMOUNT.sub(" ", passage)
        amounts = [m.group() for m in NUMBER.finditer(rest)]
        words = [m.group() for m in MONEY_WORDS.finditer(passage)]
        if amounts and words:
            reasons.append(f"{words[0]} with an amount ({amounts[0]})")
            triggers += [words[0], amounts[0]]
    for match in REFERENCE.finditer(passage):
        reasons.append(f"a grant, account or budget reference ({match.group()})")
        triggers.append(match.group())
    accounts = [m.group() for m in SORT_CODE.finditer(passage)]
    accounts += [m.group(1) for m in ACCOUNT_NUMBER.finditer(passage)]
    accounts += [m.group() for m in IBAN_LIKE.finditer(passage) if iban.is_valid(m.group())]
    accounts += [
        m.group()
        for m in CARD_LIKE.finditer(passage)
        if luhn.is_valid(re.sub(r"\D", "", m.group())) and not nhs.is_valid(m.group())
    ]
    for account in accounts:
        reasons.append(f"bank or card details ({account})")
        triggers.append(account)
    if not reasons:
        return None
    return Finding(FINANCIAL, tuple(reasons), tuple(dict.fromkeys(triggers)))


def check_passage(passage: str, names: re.Pattern[str] | None = None) -> list[Finding]:
    """What one passage looks like: personal, financial, both or neither."""
    findings = [_personal(passage, names), _financial(passage)]
    return [finding for finding in findings if finding is not None]
