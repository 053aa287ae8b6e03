"""Reading rule files as YAML with the line of each mapping, so that every problem names its
line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from medreview.errors import RuleProblem


class _LineDict(dict[str, Any]):
    """A mapping that remembers the line it starts on."""

    line: int | None = None


# libyaml's loader where PyYAML was built with it: ten times faster on the rule files, which
# `check` reads at every start; its nodes carry the same line marks. The name lists use it too.
FastSafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(FastSafeLoader):  # type: ignore[valid-type,misc]
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _LineDict:
    mapping = _LineDict({str(k): v for k, v in loader.construct_mapping(node, deep=True).items()})
    mapping.line = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path: Path, problems: list[RuleProblem]) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        problems.append(RuleProblem(str(path), f"cannot read: {error}"))
        return None
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problems.append(
            RuleProblem(
                str(path),
                f"not valid YAML: {getattr(error, 'problem', error)}",
                line=mark.line + 1 if mark else None,
            )
        )
        return None


def line_of(node: Any) -> int | None:
    return node.line if isinstance(node, _LineDict) else None
