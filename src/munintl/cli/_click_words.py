"""Click's own words, in munintl's catalogs so that click speaks the run's language.

Click marks its texts for :mod:`gettext` but ships no catalogs.  The texts a
user of ``munintl`` can see are listed here, exactly as click writes them,
so that ``nox -s i18n`` extracts them into munintl's catalogs;
:func:`munintl.i18n.install_click_translations` makes click look them up
there.  Nothing imports this module at run time.  Texts only a programmer sees (a badly
declared option) are left in English.
"""

from __future__ import annotations

from munintl.i18n import N_, ngettext

#: Click's texts a user sees: help, usage errors and prompts.
CLICK_WORDS: tuple[str, ...] = (
    N_("Usage:"),
    N_("Options"),
    N_("Commands"),
    N_("Positional arguments"),
    N_("Show this message and exit."),
    N_("Show the version and exit."),
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("Aborted!"),
    N_("deprecated"),
    N_("Missing command."),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing {param_type}"),
    N_("Missing parameter: {param_name}"),
    N_("Invalid value: {message}"),
    N_("Invalid value for {param_hint}: {message}"),
    N_("No such option {name!r}."),
    N_("No such command {name!r}."),
    N_("Option {name!r} does not take a value."),
    N_("Argument {name!r} takes {nargs} values."),
    N_("Could not open file {filename!r}: {message}"),
    N_("env var: {var}"),
    N_("default: {default}"),
    N_("(dynamic)"),
    N_("required"),
    N_("Choose from:\n\t{choices}"),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    N_("{value!r} is not a valid boolean. Recognized values: {states}"),
    N_("file"),
    N_("directory"),
    N_("path"),
    N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a file."),
    N_("{name} {filename!r} is a directory."),
    N_("{name} {filename!r} is not readable."),
    N_("{name} {filename!r} is not writable."),
    N_("Do you want to continue?"),
    N_("Repeat for confirmation"),
    N_("Error: The two entered values do not match."),
    N_("Error: invalid input"),
    N_("Press any key to continue..."),
)


def plural_words(count: int) -> tuple[str, ...]:
    """Click's texts with plural forms, in the current language for ``count``.

    Written out here so that they are extracted into the catalogs.
    """
    return (
        ngettext(
            "Got unexpected extra argument ({args})",
            "Got unexpected extra arguments ({args})",
            count,
        ),
        ngettext(
            "Option {name!r} requires an argument.",
            "Option {name!r} requires {nargs} arguments.",
            count,
        ),
        ngettext(
            "Did you mean {possibility}?",
            "(Did you mean one of: {possibilities}?)",
            count,
        ),
        ngettext(
            "{value!r} is not {choice}.", "{value!r} is not one of {choices}.", count
        ),
    )
