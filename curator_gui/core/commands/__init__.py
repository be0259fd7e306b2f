"""One module per `curator-gui` subcommand, each with ``add_arguments(parser)`` and ``run(args) -> int``."""
