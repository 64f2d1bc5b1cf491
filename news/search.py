"""PostgreSQL full-text search over the folded search columns.

The expression is shared by the query and by the GIN index the migration creates
on PostgreSQL only, so that the planner can use the index. The "simple"
configuration (no stemming, no stop words) suits Vietnamese, whose words are
syllables, and the columns are already folded (no diacritics), so "doi ngoai"
matches "đối ngoại".
"""

from django.contrib.postgres.search import SearchVector


def search_vector(language):
    return SearchVector(f"search_title_{language}", weight="A", config="simple") + SearchVector(
        f"search_text_{language}", weight="B", config="simple"
    )
