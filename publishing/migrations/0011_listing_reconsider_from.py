"""Listings keep the first day anything their notes withhold may come up for reconsidering,
so the dashboard reads only those meetings; filled here for the notes already listed."""

from django.db import migrations, models

BATCH = 500


def fill(apps, schema_editor):
    from publishing.services import reconsider_dates

    Listing = apps.get_model("publishing", "Listing")
    days = reconsider_dates(None, apps)
    listed = set(Listing.objects.filter(meeting_id__in=days).values_list("meeting_id", flat=True))
    rows = [Listing(meeting_id=pk, reconsider_from=days[pk]) for pk in listed]
    Listing.objects.bulk_update(rows, ["reconsider_from"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0006_withheld_why_and_until"),
        ("meetings", "0005_withheld_why_and_until"),
        ("publishing", "0010_list_what_is_published"),
    ]

    operations = [
        migrations.AddField(
            model_name="listing",
            name="reconsider_from",
            field=models.DateField(
                blank=True,
                help_text="Nothing the notes withhold comes up for reconsidering before this day "
                "(empty: nothing withheld has a date).",
                null=True,
            ),
        ),
        migrations.AddIndex(
            model_name="listing",
            index=models.Index(
                condition=models.Q(("reconsider_from__isnull", False)),
                fields=["reconsider_from"],
                name="listing_reconsider_from",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
