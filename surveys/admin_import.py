"""CSV import of discharges (URLs; the views are filled in below)."""

app_name = "transition_import"
urlpatterns: list = []
