"""Work done after the request: rendering a publication's PDF and Word file."""

from django.tasks import task

from publishing import services
from publishing.models import Publication


@task()
def render_publication(publication_id: int) -> bool:
    """Render a publication's PDF and Word file if it has none yet.

    If it fails (the task backend logs why), the publication stands and its page
    shows; its downloads answer "not ready yet" until `render_publications` runs.
    """
    publication = Publication.objects.select_related("meeting__group").get(pk=publication_id)
    return services.publication_render(publication=publication)
