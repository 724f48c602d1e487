"""Shared CLI helpers, so several stages can add subcommands to one group (e.g. `councilkg eval ...`)."""
from __future__ import annotations

import argparse

_GROUP_ATTR = "_councilkg_groups"


def get_group(subparsers, name: str, help: str) -> argparse._SubParsersAction:
    """Create or return the sub-subparsers of the top-level command ``name``.

    Args:
        subparsers: the top-level ``add_subparsers()`` action from cli.py.
        name: the group command, e.g. "eval".
        help: its help line (used only when the group is created).
    Returns:
        The group's subparsers action; each stage calls ``.add_parser(...)`` on it.
    """
    groups = getattr(subparsers, _GROUP_ATTR, None)
    if groups is None:
        groups = {}
        setattr(subparsers, _GROUP_ATTR, groups)
    if name not in groups:
        parser = subparsers.add_parser(name, help=help)
        groups[name] = parser.add_subparsers(
            dest=f"{name}_command", required=True, metavar="WHAT", parser_class=type(parser)
        )
    return groups[name]


def get_eval_group(subparsers) -> argparse._SubParsersAction:
    """The `councilkg eval` group: each stage adds `eval <what>` (retrieval, graph, qa, segmentation)."""
    return get_group(subparsers, "eval", "Evaluate a stage against a question or gold file.")
