"""``curator-gui rules [RULE...]``: the validation rules with their codes, names, severities and reasons."""
from __future__ import annotations

import sys


def add_arguments(parser) -> None:
    parser.add_argument("selectors", nargs="*", metavar="RULE",
                        help="rules to show: codes, prefixes or names (default: all)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    parser.add_argument("--config", metavar="FILE",
                        help="also show each rule's severity under this configuration file ('off' when not "
                             "checked)")


def run(args) -> int:
    from curator_gui.core.commands.common import config_failure, fail, write_json_list
    from curator_gui.core.config import ConfigError, load_config
    from curator_gui.core.rules import RULES, UnknownRuleError, rules_matching

    try:
        chosen = {rule.code for selector in args.selectors for rule in rules_matching(selector)}
    except UnknownRuleError as exc:
        return fail(str(exc), 2)
    try:
        config = load_config(args.config) if args.config else None
    except ConfigError as error:
        return config_failure(error)
    rules = [rule for rule in RULES if not chosen or rule.code in chosen]
    items = []
    for rule in rules:
        item = {"code": rule.code, "name": rule.name, "severity": rule.severity, "summary": rule.summary}
        if config is not None:
            item["configured"] = config.severity_of(rule.code) or "off"
        items.append(item)
    if args.format == "json":
        write_json_list(items, sys.stdout)
        return 0
    shown = [item["severity"] if config is None or item["configured"] == item["severity"]
             else f"{item['configured']} (default {item['severity']})" for item in items]
    width = max(len(rule.name) for rule in rules) if rules else 0
    column = max(map(len, shown), default=0)
    for item, severity in zip(items, shown):
        print(f"{item['code']}  {item['name']:<{width}}  {severity:<{column}}  {item['summary']}")
    return 0
