"""The demo's words, read from ``demo/content/*.yaml``: sources, articles, policy
versions and the result page's guidance.

Every sentence is our own writing. Medical facts follow
shared/reference/clinical-facts.md (adults only); where that file differs from
the seed page, it wins (fever: IDSA, a single oral temperature >= 38.3 °C or
>= 38.0 °C sustained over an hour). Markdown bodies cite sources with ``[@key]``
or ``[@key1; @key2]`` markers whose keys are in ``sources.yaml``.
Bibliographic fields are filled only where they were checked; an unknown
string field is "" and an unknown year is null.

- ``SOURCES``, ``ARTICLES``, ``POLICY_VERSIONS``: what ``seed_articles`` loads.
  An article's ``variants`` hold its wording for each audience.
- ``GUIDANCE``: one block per slot (finding, severity "" = any, page section,
  audience "" = a general adult reader); ``state`` is "approved" or "submitted"
  (waiting for the board; readers never see it). Besides the guidance sections,
  the blocks hold every other sentence the result page shows: headline phrases
  (``headline``), alert boxes (``alert``), the one instruction per level
  (``instruction``), why a result is declined (``declined``) and the section
  headings (finding ``page``); see ``interpretation.wording``.
- ``CHANGE_REASONS``: why a block's wording changed since the demo first loaded
  it, by slot (finding, severity, section, audience): ``seed_demo`` submits the
  corrected wording with that reason, and a demo board member approves it, when a
  database still holds the earlier one.
"""

from __future__ import annotations

from pathlib import Path

import yaml

CONTENT = Path(__file__).resolve().parent / "content"


def _load(name: str):
    with (CONTENT / f"{name}.yaml").open(encoding="utf-8") as stream:
        return yaml.safe_load(stream)


SOURCES: list[dict] = _load("sources")
ARTICLES: list[dict] = _load("articles")
POLICY_VERSIONS: list[dict] = _load("policy_versions")
GUIDANCE: list[dict] = _load("guidance")
CHANGE_REASONS: dict[tuple[str, str, str, str], str] = {
    (row["finding"], row["severity"], row["section"], row["audience"]): row["reason"]
    for row in _load("change_reasons")
}
