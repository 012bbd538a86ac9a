"""A group's public pages show its name, its About text and its members: changing any of them,
in the admin or anywhere else, changes the public site (publishing/site.py)."""

from typing import Any

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from allies.models import Group, Member, Membership
from publishing import site


@receiver(pre_save, sender=Group)
def remember_slug(sender: type[Group], instance: Group, **kwargs: Any) -> None:
    # A new address leaves the old one to answer 404 rather than its kept pages.
    before = Group.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
    instance._slug_before = before or ""  # type: ignore[attr-defined]


@receiver([post_save, post_delete], sender=Group)
def group_changed(sender: type[Group], instance: Group, **kwargs: Any) -> None:
    site.changed(instance.slug, getattr(instance, "_slug_before", ""))


@receiver([post_save, post_delete], sender=Membership)
def membership_changed(sender: type[Membership], instance: Membership, **kwargs: Any) -> None:
    site.changed(*Group.objects.filter(pk=instance.group_id).values_list("slug", flat=True))


@receiver(post_save, sender=Member)
def member_changed(sender: type[Member], instance: Member, **kwargs: Any) -> None:
    site.changed(*Group.objects.filter(memberships__member=instance).values_list("slug", flat=True))
