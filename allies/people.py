"""Finding the people a group's notes name, by full name or by the short name the notes use."""

import re

from django.db.models import Q

from allies.models import Group, Member

# Words an owner column uses that are not anybody's name.
NOT_NAMES = {
    "all", "everyone", "team", "the team", "allies", "all allies", "staff", "tbc", "n/a",
    "chair", "group", "the group", "members", "all members",
}  # fmt: skip
_OWNER_SEPARATORS = re.compile(r"\s*(?:/|,|&|\+|;|\band\b)\s*", re.IGNORECASE)
_OWNER_PREFIX = re.compile(r"^(?:co-?ordinated|led|organised|supported)\s+by\s+", re.IGNORECASE)


def _fold(name: str) -> str:
    return " ".join(name.casefold().replace("\u2019", "'").split())


class People:
    """The people a group's notes can name: its members past and present, and its guests."""

    def __init__(self, group: Group | None) -> None:
        self.group = group
        self.created: list[Member] = []
        known = Member.objects.none()
        if group is not None and group.pk:
            known = Member.objects.filter(
                Q(memberships__group=group) | Q(attendances__meeting__group=group)
            ).distinct()
        self._members: list[Member] = list(known)

    def find(self, name: str) -> Member | None:
        """The one person a name means, or None where it means nobody, or more than one."""
        folded = _fold(name)
        if not folded:
            return None
        for key in (
            lambda m: _fold(m.full_name),
            lambda m: _fold(m.short_name),
            lambda m: _fold(m.full_name.split()[0]),
        ):
            matches = [member for member in self._members if key(member) == folded]
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                return None
        return None

    def find_or_create(self, name: str) -> Member:
        """The person a name means; someone new is created (and remembered in `created`)."""
        name = " ".join(name.split())
        member = self.find(name)
        if member is None:
            member = Member.objects.create(full_name=name)
            self._members.append(member)
            self.created.append(member)
        return member

    def owners_in(self, text: str, create: bool = False) -> list[Member]:
        """The people an owner column names: "Sarah/ Graham", "Co-ordinated by Nicc/Lizzie"."""
        owners: list[Member] = []
        for piece in _OWNER_SEPARATORS.split(_OWNER_PREFIX.sub("", text.strip())):
            member = self._longest_name_at_start(piece)
            if member is None and create and _looks_like_a_name(piece):
                member = self.find_or_create(piece)
            if member is not None and member not in owners:
                owners.append(member)
        return owners

    def _longest_name_at_start(self, piece: str) -> Member | None:
        # "Lizzie to organise" names Lizzie: try the longest run of words first.
        words = piece.split()
        for length in range(len(words), 0, -1):
            member = self.find(" ".join(words[:length]))
            if member is not None:
                return member
        return None


def _looks_like_a_name(piece: str) -> bool:
    words = piece.split()
    return (
        0 < len(words) <= 3
        and len(piece) <= 60
        and _fold(piece) not in NOT_NAMES
        and all(word[:1].isupper() for word in words)
    )
