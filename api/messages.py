"""Messages of Django REST framework that its own Czech catalogue lacks.

Listed here so that `makemessages` keeps them in the project's catalogue (network/locale), which Django consults
before DRF's: a Czech client then never gets one of these in English. Nothing imports this module.
"""

from django.utils.translation import gettext_noop as _

DRF_MESSAGES = (
    _("A valid biginteger is required."),
    _("Datetime value out of range."),
    _("Ensure this field has at least {min_length} elements."),
    _("Ensure this field has no more than {max_length} elements."),
    _("Expected available in {wait} second."),
    _("Expected available in {wait} seconds."),
    _("Integer value too large to convert to float"),
    _('Invalid datetime for the timezone "{timezone}".'),
    _("Invalid input."),
    _("Must be a valid UUID."),
    _("Must be a valid boolean."),
    _("Not a valid string."),
    _("The number of days must be between {min_days} and {max_days}."),
    _("This dictionary may not be empty."),
    _("Surrogate characters are not allowed: U+{code_point:X}."),
)
