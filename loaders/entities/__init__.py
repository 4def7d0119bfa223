"""Entity rule families, one module each: organs, chains, platforms, enterprises, documents.

Each family reads one folded sentence (simplified, half width) and returns `Mention`s with canonical names;
`mentions.find_mentions` runs them all on a sentence. `loaders.extract.extract` is the entry point.
"""
from loaders.entities.context import ArticleContext, Mention, RegionState, Tag
from loaders.entities.enterprises import SHORT_NAME
from loaders.entities.mentions import find_mentions
from loaders.entities.organs import article_context, item_region

__all__ = ["SHORT_NAME", "ArticleContext", "Mention", "RegionState", "Tag", "article_context", "find_mentions", "item_region"]
