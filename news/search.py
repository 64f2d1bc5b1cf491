"""PostgreSQL full-text search over the folded search columns.

The "simple" configuration (no stemming, no stop words) suits Vietnamese, whose words are
syllables, and the columns are already folded (no diacritics), so "doi ngoai" matches
"đối ngoại".

The weighted vector of an article is stored: PostgreSQL computes the generated columns
`search_document_vi` and `search_document_en` on every insert and update (migration 0006)
and keeps a GIN index on each. Computing the vector from the text at query time cost about
0.2 ms an article, for every candidate checked and every result ranked (a common word:
half a second). The columns exist on PostgreSQL only and the model does not declare them,
so nothing but search reads them and no save, bulk insert or restore has to fill them.
"""

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db.models import Expression, F
from django.db.models.expressions import Col


def search_vector(language):
    """The expression the stored document is computed from (and migration 0002's index)."""
    return SearchVector(f"search_title_{language}", weight="A", config="simple") + SearchVector(
        f"search_text_{language}", weight="B", config="simple"
    )


class StoredDocument(Expression):
    """The article's stored search document in `language`, for filtering (`@@`) and ranking."""

    output_field = SearchVectorField()

    def __init__(self, language):
        super().__init__()
        self.language = language

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, *args, **kwargs):
        # The column of the article table under the alias this query gives it (U0 in a
        # subquery), as Django would refer to a declared field.
        table = F("pk").resolve_expression(query, allow_joins, reuse, *args, **kwargs)
        field = SearchVectorField()
        field.set_attributes_from_name(f"search_document_{self.language}")
        field.model = query.model  # named by model and column, like a declared field
        return Col(table.alias, field)
