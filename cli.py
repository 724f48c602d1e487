"""The `councilkg` command: a thin shell over the stages.

Each stage registers its own subcommands (``corpus/commands.py``, ``graph/commands.py``,
``embed/commands.py``, ``qa/commands.py``); this file only wires them, runs the whole build and
turns a CouncilKGError into one clear sentence on stderr (exit 2) instead of a traceback.
"""
from __future__ import annotations

import argparse
import os
import sys

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from councilkg.errors import CouncilKGError  # noqa: E402
from councilkg.settings import describe, get_settings  # noqa: E402



class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad argument as one sentence (exit 2), like our own errors."""

    def error(self, message: str):
        self.exit(2, f"error: {message}. Run '{self.prog} --help' for usage.\n")


def build_all(args) -> None:
    """corpus → graph → index (``councilkg.pipeline.build``), each written atomically beside the previous build.

    With ``--ray [ADDRESS]`` the same pipeline runs its per-document work on Ray."""
    from councilkg import pipeline

    print(pipeline.build(ray=getattr(args, "ray", None)).summary())


def add_ray_option(parser) -> None:
    """`--ray [ADDRESS]`: run the build on Ray (a local Ray without an address; needs councilkg[ray])."""
    parser.add_argument("--ray", nargs="?", const="local", default=None, metavar="ADDRESS",
                        help="Build on Ray: per-document work on workers; a local Ray, or the cluster at ADDRESS.")


def serve(args) -> None:
    import ui

    ui.launch(host=args.host, port=args.port)  # else COUNCILKG_HOST/PORT, GRADIO_SERVER_NAME/PORT, 127.0.0.1:7860


def show_settings(args) -> None:
    for name, default, help in describe():
        print(f"{name:28} {default:24} {help}")


# Commands answered by one stage alone: their parser is made from that stage's commands only, so
# `councilkg sparql` starts without the answer layer (qa/ loads numpy, the ranker's modules …) and
# `councilkg ingest` without the graph (rdflib) as well. A test checks each stage registers exactly these.
GRAPH_COMMANDS = ("sparql", "entity", "export", "validate")
CORPUS_COMMANDS = ("corpus", "ingest", "remove")


def _stage_commands(command: str | None) -> list:
    """The command modules whose subcommands the parser for ``command`` needs (None: every stage's)."""
    if command in GRAPH_COMMANDS:
        from graph import commands as graph_commands

        return [graph_commands]
    if command in CORPUS_COMMANDS:
        from corpus import commands as corpus_commands

        return [corpus_commands]
    # Every stage's subcommands, named explicitly: a missing stage is an ImportError, not a lost command.
    from corpus import commands as corpus_commands
    from embed import commands as embed_commands
    from graph import commands as graph_commands
    from graph import read_commands
    from qa import commands as qa_commands

    return [corpus_commands, graph_commands, read_commands, embed_commands, qa_commands]


def make_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole CLI's parser, or (for one of GRAPH_COMMANDS or CORPUS_COMMANDS) just what that command needs."""
    parser = _Parser(prog="councilkg", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    p = sub.add_parser("build", help="Build the graph and the index from corpus/.")
    add_ray_option(p)
    p.set_defaults(func=build_all)
    p = sub.add_parser("serve", help="Serve the Gradio interface.")
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    p.set_defaults(func=serve)
    sub.add_parser("settings", help="List settings and their environment variables.").set_defaults(func=show_settings)
    for stage in _stage_commands(command):
        stage.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = make_parser(argv[0] if argv and "-h" not in argv and "--help" not in argv else None)
    args = parser.parse_args(argv)
    try:
        args.func(args)
    except CouncilKGError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head`: not an error worth a traceback
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
