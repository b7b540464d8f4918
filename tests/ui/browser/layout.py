"""What every screen must pass on a tablet: no sideways scrolling, touch targets big enough for a finger."""

# Controls a finger must hit, and the links that open a row of a list; links inside running text are exempt.
TARGETS = (
    ".topnav a, .topnav button, .button, main button, main input:not([type=hidden]), main select, "
    "table.list td a, .need-card h3 a"
)
MIN_TARGET = 44
MIN_CHECKBOX = 24


def too_small(page) -> list[str]:
    return page.eval_on_selector_all(
        TARGETS,
        f"""els => els
        .filter(e => e.offsetParent !== null)
        .map(e => [e.getBoundingClientRect(), e])
        .filter(([r, e]) => r.height < (['checkbox', 'radio'].includes(e.type) ? {MIN_CHECKBOX} : {MIN_TARGET}))
        .map(([r, e]) => e.outerHTML.slice(0, 80) + ' ' + Math.round(r.height) + 'px')""",
    )


def scrolls_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth + 1")
