"""Invitation log and, in development, the sent-mail list (URLs; views below)."""


app_name = "invitation_log"
urlpatterns: list = []
