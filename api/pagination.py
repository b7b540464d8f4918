"""Pagination of every list: ?page=N&page_size=M (at most 500), with the total count."""

from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError

BAD_PAGE_SIZE = _("Give a whole number of at least 1.")


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request):
        """No page size (or an empty one) is the default, a larger one than 500 is 500, and anything that is not a
        positive whole number is a field error on ``page_size`` (DRF would silently use the default)."""
        value = request.query_params.get(self.page_size_query_param, "")
        if value == "":
            return self.page_size
        try:
            size = int(value)
        except ValueError:
            size = 0
        if size < 1:
            raise ValidationError({self.page_size_query_param: [BAD_PAGE_SIZE]})
        return min(size, self.max_page_size)
