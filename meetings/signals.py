"""What the editor tells the apps above it, which it may not import."""

from django.dispatch import Signal

# Sent after the secretary saved a change to notes that are out for review
# (in review or approved), with `meeting` and `by`: the review records it as a
# correction and weighs the allies' approvals again (publishing.review).
notes_corrected = Signal()
