"""factory_boy factories for the domain models."""

import datetime

import factory
from django.contrib.auth.models import User

from actions.models import Action, ActionUpdate
from allies.models import Group, Member, Membership
from meetings.models import AgendaItem, Attendance, Meeting


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("a-long-test-password")


class GroupFactory(factory.django.DjangoModelFactory[Group]):
    class Meta:
        model = Group

    name = factory.Sequence(lambda n: f"Group {n}")
    slug = factory.Sequence(lambda n: f"group-{n}")
    organisation = "Test Collective"


class MemberFactory(factory.django.DjangoModelFactory[Member]):
    class Meta:
        model = Member

    full_name = factory.Sequence(lambda n: f"Person Number{n}")
    short_name = factory.Sequence(lambda n: f"Person{n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    group = factory.SubFactory(GroupFactory)
    member = factory.SubFactory(MemberFactory)
    role = Membership.Role.MEMBER
    started_on = datetime.date(2020, 1, 1)


class MeetingFactory(factory.django.DjangoModelFactory[Meeting]):
    class Meta:
        model = Meeting

    group = factory.SubFactory(GroupFactory)
    date = factory.Sequence(lambda n: datetime.date(2022, 1, 1) + datetime.timedelta(days=n))


class AttendanceFactory(factory.django.DjangoModelFactory[Attendance]):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    member = factory.SubFactory(MemberFactory)
    status = Attendance.Status.PRESENT


class AgendaItemFactory(factory.django.DjangoModelFactory[AgendaItem]):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    heading = factory.Sequence(lambda n: f"Item {n}")
    body = "Some discussion."
    position = factory.Sequence(lambda n: n)


class ActionFactory(factory.django.DjangoModelFactory[Action]):
    class Meta:
        model = Action

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Do thing {n}")
    owner_text = "All"
    status = "open"
    # Stored by the services; an action made here has no records yet.
    status_now = factory.LazyAttribute(lambda action: action.status)


class ActionUpdateFactory(factory.django.DjangoModelFactory[ActionUpdate]):
    class Meta:
        model = ActionUpdate
        skip_postgeneration_save = True

    action = factory.SubFactory(ActionFactory)
    meeting = factory.SubFactory(MeetingFactory)
    status = "in_progress"

    @factory.post_generation
    def status_now(self, create: bool, extracted: object, **kwargs: object) -> None:
        # As the services do: the action's stored status follows what agreed notes record.
        if create and self.action_id:
            Action.objects.filter(pk=self.action_id).refresh_status_now()
