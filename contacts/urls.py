"""The contact persons' screens of the UI, under their organisation (mounted at /organizations/ by config/urls.py)."""

from django.urls import path

from contacts.views import ContactCreateView, ContactEditView, ContactEraseView

urlpatterns = [
    path("<int:pk>/contacts/new/", ContactCreateView.as_view(), name="contact-create"),
    path("contacts/<int:pk>/edit/", ContactEditView.as_view(), name="contact-edit"),
    path("contacts/<int:pk>/erase/", ContactEraseView.as_view(), name="contact-erase"),
]
