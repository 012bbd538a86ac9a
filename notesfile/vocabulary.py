"""The words of the domain, defined once: statuses, kinds, sensitivities, attendance and roles.

Each is a mapping of the stored value to the label people read. The notes
format, the readers of loose notes and the renderers take their words from
here, so a status or a kind means the same thing everywhere.
"""

STATUSES = {
    "open": "Open",
    "in_progress": "In progress",
    "ongoing": "Ongoing",
    "complete": "Complete",
    "dropped": "Dropped",
}
CLOSED_STATUSES = ("complete", "dropped")
# How a status may be written in the notes format, beside its label.
STATUS_WORDS = {
    **{label.casefold(): status for status, label in STATUSES.items()},
    "in_progress": "in_progress",
    "completed": "complete",
    "done": "complete",
}

KINDS = {
    "update": "Update",
    "spotlight": "Spotlight",
    "discussion": "Discussion",
    "edi": "Equality, diversity and inclusion",
    "aob": "Any other business",
    "next_steps": "Next steps",
}
# The mark of each kind in the notes format: `## Next steps {.next-steps}`.
KIND_MARKS = {kind.replace("_", "-"): kind for kind in KINDS}

SENSITIVITIES = {
    "public": "Public",
    "financial": "Financial",
    "personal": "Personal",
    "confidential": "Confidential",
}
# The sensitivities that keep something from the public.
WITHHOLDING = tuple(sensitivity for sensitivity in SENSITIVITIES if sensitivity != "public")

ATTENDANCE = {
    "present": "Present",
    "apologies": "Apologies",
    "absent": "Absent",
    "guest": "Guest",
}
ROLES = {"chair": "Chair", "co_chair": "Co-chair"}
