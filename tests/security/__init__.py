"""One test per item of issue 14 (trust): each failed on main before its fix."""
